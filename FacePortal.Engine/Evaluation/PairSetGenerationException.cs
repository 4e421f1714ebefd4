namespace FacePortal.Engine.Evaluation;

/// <summary>The images cannot give pairs with the settings asked for; the message says why and what to change.</summary>
public sealed class PairSetGenerationException(string message) : Exception(message);

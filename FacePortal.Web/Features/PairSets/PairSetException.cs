namespace FacePortal.Web.Features.PairSets;

/// <summary>A pair set cannot be made or exported as asked; the message says why and what to change.</summary>
public sealed class PairSetException(string message) : Exception(message);

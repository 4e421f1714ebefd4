namespace FacePortal.Engine.Models;

/// <summary>The pretrained weights could not be obtained or failed verification; the message says what to do.</summary>
public sealed class ModelUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

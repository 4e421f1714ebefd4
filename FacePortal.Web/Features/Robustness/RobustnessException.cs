namespace FacePortal.Web.Features.Robustness;

/// <summary>A robustness request that cannot be carried out; the message says why.</summary>
public sealed class RobustnessException(string message) : Exception(message);

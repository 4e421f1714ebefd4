namespace FacePortal.Web.Features.Adaptation;

/// <summary>A request that cannot be met; the message says why and what to change.</summary>
public sealed class AdaptationException(string message) : Exception(message);

namespace FacePortal.Web.Features.Evaluations;

/// <summary>An evaluation request that cannot be carried out; the message says why.</summary>
public sealed class EvaluationException(string message) : Exception(message);

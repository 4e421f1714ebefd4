namespace FacePortal.Web.Features.Evaluations;

/// <summary>A run to start: a pair set and, optionally, an embedding model (the configured one by default).</summary>
public sealed record StartEvaluationRequest(int PairSetId, string? Model = null);

using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Platform.Jobs;

namespace FacePortal.Web.Features.Adaptation;

/// <summary>GET /api/adaptation/{jobId}: the job, its record (split, loss curve, model) and the held-out runs before and after.</summary>
public sealed record AdaptationStatus(JobProgress Job, AdaptationResult? Result, EvaluationDto? Before, EvaluationDto? After)
{
    /// <summary>The model comparison page of the two runs (with its paired significance test); null until both are queued.</summary>
    public string? CompareUrl => Result is { BaseRunId: { } a, AdaptedRunId: { } b } ? $"/evaluations/compare?runs={a},{b}" : null;
}

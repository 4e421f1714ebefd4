using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>A run with its job's state, as pages and the API show it.</summary>
public sealed record EvaluationRunInfo(
    int Id, int PairSetId, string PairSetName, int GalleryId, int JobId, string Model, string Metric, string? PipelineSignature,
    JobState State, int Done, int Total, string? Message, DateTimeOffset CreatedAt, string? CreatedBy,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public DistanceMetric DistanceMetric => ScoreConventions.ParseMetric(Metric);

    public bool IsFinished => State is JobState.Completed or JobState.Failed or JobState.Cancelled;
}

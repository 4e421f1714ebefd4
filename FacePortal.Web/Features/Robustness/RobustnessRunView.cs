using FacePortal.Engine.Robustness;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Web.Features.Robustness;

/// <summary>A robustness run as the page and the REST API show it; <see cref="Summary"/> once it is done.</summary>
public sealed record RobustnessRunView(
    int Id, int PairSetId, string PairSetName, int JobId, string Model, JobState State, int Done, int Total, string? Message,
    string ThresholdSource, RobustnessRunSettings Settings, DateTimeOffset CreatedAt, string? CreatedBy,
    RobustnessSummary? Summary, IReadOnlyList<RobustnessExample> Examples)
{
    public bool IsFinished => State is JobState.Completed or JobState.Failed or JobState.Cancelled;
}

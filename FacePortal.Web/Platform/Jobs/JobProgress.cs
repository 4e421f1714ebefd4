using FacePortal.Web.Platform.Data;

namespace FacePortal.Web.Platform.Jobs;

/// <summary>A job's state as pages show it; pushed to subscribers whenever it changes.</summary>
public sealed record JobProgress(int JobId, string Kind, string Title, JobState State, int Done, int Total, string? Message,
    int ErrorCount, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, double ItemsPerSecond, string? Link = null)
{
    /// <summary>How long it ran (or has run so far, given the time now); null before it starts.</summary>
    public TimeSpan? Duration(DateTimeOffset now) => StartedAt is { } start ? (FinishedAt ?? now) - start : null;

    public double Fraction => Total > 0 ? Math.Clamp((double)Done / Total, 0, 1) : State == JobState.Completed ? 1 : 0;

    public TimeSpan? Remaining => ItemsPerSecond > 0 && Total > Done ? TimeSpan.FromSeconds((Total - Done) / ItemsPerSecond) : null;

    public static JobProgress From(Job job, int errorCount, double itemsPerSecond = 0) => new(job.Id, job.Kind, job.Title, job.State,
        job.Done, job.Total, job.Message, errorCount, job.StartedAt, job.FinishedAt, itemsPerSecond, JobLinks.For(job.Parameters));
}

using FacePortal.Web.Platform.Data;

namespace FacePortal.Web.Features.Jobs;

/// <summary>GET /api/jobs/{id}: state (queued, running, completed, failed, cancelled), progress and the files that failed.</summary>
public sealed record JobStatus(int Id, string Kind, string Title, string State, int Done, int Total, string? Message,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int ErrorCount, IReadOnlyList<JobStatusError> Errors)
{
    /// <summary>At most this many errors are listed (the count says how many there are).</summary>
    public const int MaxErrorsListed = 1000;

    public static string StateName(JobState state) => state.ToString().ToLowerInvariant();

    public static JobStatus From(Job job) => new(job.Id, job.Kind, job.Title, StateName(job.State), job.Done, job.Total, job.Message,
        job.CreatedAt, job.StartedAt, job.FinishedAt, job.Errors.Count,
        job.Errors.OrderBy(e => e.Id).Take(MaxErrorsListed).Select(e => new JobStatusError(e.Item, e.Reason)).ToList());
}

using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.Jobs;

namespace FacePortal.Web.Features.Jobs;

/// <summary>/api/jobs: list, state with errors, cancel.</summary>
internal static class JobEndpoints
{
    public static async Task<IResult> ListAsync(JobService jobs, CancellationToken cancellationToken)
    {
        var list = await jobs.ListAsync(100, cancellationToken);
        return Results.Ok(list.Select(j => new
        {
            id = j.JobId, kind = j.Kind, title = j.Title, state = JobStatus.StateName(j.State), done = j.Done, total = j.Total,
            message = j.Message, errorCount = j.ErrorCount, startedAt = j.StartedAt, finishedAt = j.FinishedAt,
        }));
    }

    public static async Task<IResult> GetAsync(int id, JobService jobs, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(id, cancellationToken);
        return job is null ? ApiProblems.NotFound($"There is no job {id}.") : Results.Ok(JobStatus.From(job));
    }

    public static async Task<IResult> CancelAsync(int id, JobService jobs, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(id, cancellationToken);
        if (job is null)
        {
            return ApiProblems.NotFound($"There is no job {id}.");
        }
        if (job.IsFinished || !await jobs.CancelAsync(id, cancellationToken))
        {
            return ApiProblems.Conflict($"Job {id} has already ended ({JobStatus.StateName(job.State)}).");
        }
        job = await jobs.GetAsync(id, cancellationToken);
        return Results.Accepted($"/api/jobs/{id}", JobStatus.From(job!));
    }
}

using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Jobs;

/// <summary>Queues jobs, cancels them and reads their state; the <see cref="JobRunner"/> runs them.</summary>
public sealed class JobService(IDbContextFactory<PortalDbContext> databases, JobNotifier notifier, TimeProvider time)
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Dictionary<int, CancellationTokenSource> _running = [];
    private readonly Lock _lock = new();

    public async Task<int> EnqueueAsync(string kind, string title, string parameters, string? user, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var job = new Job { Kind = kind, Title = title, Parameters = parameters, State = JobState.Queued, CreatedBy = user, CreatedAt = time.GetUtcNow() };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(JobProgress.From(job, 0));
        _wake.Release();
        return job.Id;
    }

    /// <summary>Asks a queued or running job to stop; false when it has already finished or does not exist.</summary>
    public async Task<bool> CancelAsync(int jobId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.FindAsync([jobId], cancellationToken);
        if (job is null || job.IsFinished)
        {
            return false;
        }
        job.CancelRequested = true;
        if (job.State == JobState.Queued)
        {
            job.State = JobState.Cancelled;
            job.FinishedAt = time.GetUtcNow();
        }
        await db.SaveChangesAsync(cancellationToken);
        lock (_lock)
        {
            if (_running.TryGetValue(jobId, out var cts))
            {
                cts.Cancel();
            }
        }
        notifier.Publish(JobProgress.From(job, await db.JobErrors.CountAsync(e => e.JobId == jobId, cancellationToken)));
        return true;
    }

    public async Task<Job?> GetAsync(int jobId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Include(j => j.Errors).FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
    }

    public async Task<IReadOnlyList<JobProgress>> ListAsync(int take, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var jobs = await db.Jobs.AsNoTracking().OrderByDescending(j => j.Id).Take(take)
            .Select(j => new { Job = j, Errors = db.JobErrors.Count(e => e.JobId == j.Id) })
            .ToListAsync(cancellationToken);
        return jobs.Select(j => JobProgress.From(j.Job, j.Errors)).ToList();
    }

    internal Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);

    internal CancellationTokenSource Track(int jobId, CancellationToken stopping)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        lock (_lock)
        {
            _running[jobId] = cts;
        }
        return cts;
    }

    internal void Untrack(int jobId)
    {
        lock (_lock)
        {
            if (_running.Remove(jobId, out var cts))
            {
                cts.Dispose();
            }
        }
    }
}

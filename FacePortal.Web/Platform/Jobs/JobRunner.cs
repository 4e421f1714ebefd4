using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Jobs;

/// <summary>
/// Runs queued jobs one at a time (the engine uses every core). At start, jobs that were running when the process
/// stopped are queued again: their handlers resume from the items not yet done.
/// </summary>
public sealed class JobRunner(
    JobService jobs,
    IEnumerable<IJobHandler> handlers,
    IDbContextFactory<PortalDbContext> databases,
    JobNotifier notifier,
    TimeProvider time,
    ILogger<JobRunner> logger) : BackgroundService
{
    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var db = await databases.CreateDbContextAsync(stoppingToken))
        {
            var resumed = await db.Jobs.Where(j => j.State == JobState.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.Message, "resumed after a restart"), stoppingToken);
            if (resumed > 0)
            {
                logger.LogInformation("{Count} job(s) interrupted by a restart are queued again", resumed);
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = await NextAsync(stoppingToken);
            if (next is null)
            {
                try
                {
                    await jobs.WaitForWorkAsync(TimeSpan.FromSeconds(5), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            await RunAsync(next, stoppingToken);
        }
    }

    private async Task<Job?> NextAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await db.Jobs.Where(j => j.State == JobState.Queued).OrderBy(j => j.Id).FirstOrDefaultAsync(ct);
    }

    private async Task RunAsync(Job job, CancellationToken stoppingToken)
    {
        using var cts = jobs.Track(job.Id, stoppingToken);
        await SetStateAsync(job, JobState.Running, null, stoppingToken);
        try
        {
            if (!_handlers.TryGetValue(job.Kind, out var handler))
            {
                throw new InvalidOperationException($"No handler for jobs of kind '{job.Kind}'.");
            }
            await handler.RunAsync(new JobContext(job, databases, notifier, time), cts.Token);
            await SetStateAsync(job, JobState.Completed, job.Message, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The process is stopping: leave the job Running so the next start resumes it.
            logger.LogInformation("Job {Id} interrupted by shutdown; it resumes on the next start", job.Id);
        }
        catch (OperationCanceledException)
        {
            await SetStateAsync(job, JobState.Cancelled, "cancelled", CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Job {Id} ({Kind}) failed", job.Id, job.Kind);
            await SetStateAsync(job, JobState.Failed, e.Message, CancellationToken.None);
        }
        finally
        {
            jobs.Untrack(job.Id);
        }
    }

    private async Task SetStateAsync(Job job, JobState state, string? message, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        job.State = state;
        job.Message = message;
        if (state == JobState.Running)
        {
            job.StartedAt ??= now;
        }
        else
        {
            job.FinishedAt = now;
        }
        await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, state)
            .SetProperty(j => j.Message, message)
            .SetProperty(j => j.StartedAt, job.StartedAt)
            .SetProperty(j => j.FinishedAt, state == JobState.Running ? null : job.FinishedAt)
            .SetProperty(j => j.Done, job.Done)
            .SetProperty(j => j.Total, job.Total), ct);
        notifier.Publish(JobProgress.From(job, await db.JobErrors.CountAsync(e => e.JobId == job.Id, ct)));
    }
}

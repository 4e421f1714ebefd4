using System.Diagnostics;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Jobs;

/// <summary>What a running handler gets: its job, and ways to report progress and bad items.</summary>
public sealed class JobContext(Job job, IDbContextFactory<PortalDbContext> databases, JobNotifier notifier, TimeProvider time)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _doneAtStart = -1;
    private long _lastPublished;

    public int JobId => job.Id;

    public string Parameters => job.Parameters;

    public string? User => job.CreatedBy;

    public IDbContextFactory<PortalDbContext> Databases => databases;

    /// <summary>Saves and publishes progress (saved at most a few times a second unless <paramref name="force"/>).</summary>
    public async Task ReportAsync(int done, int total, string? message, CancellationToken cancellationToken, bool force = false)
    {
        if (_doneAtStart < 0)
        {
            _doneAtStart = done;
            _clock.Restart();
        }
        job.Done = done;
        job.Total = total;
        job.Message = message;
        var now = _clock.ElapsedMilliseconds;
        if (!force && now - _lastPublished < 250 && done < total)
        {
            return;
        }
        _lastPublished = now;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Jobs.Where(j => j.Id == job.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Done, done).SetProperty(j => j.Total, total).SetProperty(j => j.Message, message), cancellationToken);
        var rate = _clock.Elapsed.TotalSeconds > 0.5 ? (done - _doneAtStart) / _clock.Elapsed.TotalSeconds : 0;
        // Handlers may write errors in their own transactions: count them where they are.
        var errors = await db.JobErrors.CountAsync(e => e.JobId == job.Id, cancellationToken);
        notifier.Publish(JobProgress.From(job, errors, rate));
    }

    /// <summary>Sets the message the job ends with (e.g. its outcome breakdown), keeping its counts; saved and published now.</summary>
    public async Task SetMessageAsync(string message, CancellationToken cancellationToken)
    {
        job.Message = message;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Message, message), cancellationToken);
        notifier.Publish(JobProgress.From(job, await db.JobErrors.CountAsync(e => e.JobId == job.Id, cancellationToken)));
    }

    /// <summary>Records an item the job could not handle; the job goes on.</summary>
    public async Task AddErrorAsync(string item, string reason, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.JobErrors.Add(new JobError { JobId = job.Id, Item = item, Reason = reason });
        await db.SaveChangesAsync(cancellationToken);
    }

    public DateTimeOffset Now => time.GetUtcNow();
}

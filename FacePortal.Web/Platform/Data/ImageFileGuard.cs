using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Data;

/// <summary>
/// The one rule for deleting stored image files: a file goes only when no image row uses it and no unfinished job
/// holds a <see cref="PendingFile"/> reference to it. A job reserves its files before saving them; reserving and
/// checking-then-deleting take the same lock, so a delete never removes a file between a job's check that it
/// exists and the commit of the rows that use it. (The portal is one process over one SQLite file.)
/// </summary>
public sealed class ImageFileGuard(IDbContextFactory<PortalDbContext> databases, ImageStore store, TimeProvider time)
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Records that <paramref name="jobId"/> is about to save these files; call before saving them.</summary>
    public async Task ReserveAsync(int jobId, IEnumerable<string> hashes, CancellationToken cancellationToken)
    {
        var wanted = hashes.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return;
        }
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var held = (await db.PendingFiles.Where(p => p.JobId == jobId && wanted.Contains(p.ContentHash)).Select(p => p.ContentHash).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            var now = time.GetUtcNow();
            db.PendingFiles.AddRange(wanted.Where(h => !held.Contains(h)).Select(h => new PendingFile { JobId = jobId, ContentHash = h, SavedAt = now }));
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Removes the job's references to <paramref name="hashes"/> in <paramref name="db"/>'s unit of work: call in
    /// the same save that commits the image rows using them, so there is never a moment with neither.
    /// </summary>
    public static async Task CommitAsync(PortalDbContext db, int jobId, IReadOnlyCollection<string> hashes, CancellationToken cancellationToken)
    {
        if (hashes.Count == 0)
        {
            return;
        }
        db.PendingFiles.RemoveRange(await db.PendingFiles.Where(p => p.JobId == jobId && hashes.Contains(p.ContentHash)).ToListAsync(cancellationToken));
    }

    /// <summary>The job is over: its references go (files its committed rows use stay referenced by them).</summary>
    public async Task ReleaseJobAsync(int jobId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.PendingFiles.Where(p => p.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Deletes those of <paramref name="hashes"/> nothing uses; returns the ones deleted.</summary>
    public async Task<IReadOnlyList<string>> DeleteUnusedAsync(IReadOnlyCollection<string> hashes, CancellationToken cancellationToken)
    {
        if (hashes.Count == 0)
        {
            return [];
        }
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var used = await UsedAsync(db, hashes, cancellationToken);
            var deleted = hashes.Where(h => !used.Contains(h)).Distinct(StringComparer.Ordinal).ToList();
            foreach (var hash in deleted)
            {
                store.Delete(hash);
            }
            return deleted;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="sweep"/> under the lock with every hash in use (image rows, and references of unfinished
    /// jobs); references of finished jobs are dropped first. No job can reserve a file while it runs.
    /// </summary>
    public async Task<T> SweepAsync<T>(Func<PortalDbContext, HashSet<string>, Task<T>> sweep, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            await db.PendingFiles.Where(p => !db.Jobs.Any(j => j.Id == p.JobId && (j.State == JobState.Queued || j.State == JobState.Running)))
                .ExecuteDeleteAsync(cancellationToken);
            // One statement, one snapshot (as in UsedAsync).
            var used = (await db.Images.Select(i => i.ContentHash).Concat(db.PendingFiles.Select(p => p.ContentHash)).Distinct().ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            return await sweep(db, used);
        }
        finally
        {
            _lock.Release();
        }
    }

    // One statement, so one snapshot: a batch that commits meanwhile (its rows in, its reservations out, in one
    // transaction) is seen before or after, never as neither, which two separate reads allowed.
    private static async Task<HashSet<string>> UsedAsync(PortalDbContext db, IReadOnlyCollection<string> hashes, CancellationToken ct) =>
        (await db.Images.Where(i => hashes.Contains(i.ContentHash)).Select(i => i.ContentHash)
            .Concat(db.PendingFiles
                .Where(p => hashes.Contains(p.ContentHash) && db.Jobs.Any(j => j.Id == p.JobId && (j.State == JobState.Queued || j.State == JobState.Running)))
                .Select(p => p.ContentHash))
            .ToListAsync(ct))
        .ToHashSet(StringComparer.Ordinal);
}

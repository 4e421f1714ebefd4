using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// How every change to galleries, identities and images is written. Each change runs in one transaction (SQLite
/// serialises writers, so two operators never interleave half-done changes), checks that what it touches still exists,
/// and records an <see cref="ActivityEntry"/> in the same transaction. Stored files that nothing uses any more (no
/// image row, no running import that saved them: <see cref="ImageFileGuard"/>) are deleted after the commit.
/// </summary>
public sealed class GalleryWriter(IDbContextFactory<PortalDbContext> databases, ImageFileGuard files, FaceCrops crops, TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Runs <paramref name="work"/> in one transaction and saves; a unique-index clash becomes <paramref name="conflict"/>.</summary>
    public async Task<T> WriteAsync<T>(Func<PortalDbContext, Task<T>> work, GalleryException? conflict, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await work(db);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (DbUpdateException e) when (conflict is not null && e.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // Another operator took the name between our check and our write.
            throw conflict;
        }
    }

    public void Record(PortalDbContext db, string user, int? galleryId, string action, string details) =>
        ActivityLog.Record(db, time.GetUtcNow(), user, galleryId, action, details);

    /// <summary>The same with what undoes the change.</summary>
    public ActivityEntry Record(PortalDbContext db, string user, int? galleryId, string action, string details, UndoPayload? undo) =>
        ActivityLog.Record(db, time.GetUtcNow(), user, galleryId, action, details, undo);

    /// <summary>One entry per gallery the images belong to.</summary>
    public void RecordPerGallery(PortalDbContext db, string user, IEnumerable<GalleryImage> selected, string action, Func<IGrouping<int, GalleryImage>, string> details,
        Func<IGrouping<int, GalleryImage>, UndoPayload>? undo = null)
    {
        foreach (var gallery in selected.GroupBy(i => i.GalleryId))
        {
            Record(db, user, gallery.Key, action, details(gallery), undo?.Invoke(gallery));
        }
    }

    /// <summary>
    /// After a delete: removes stored files (and their cached crops) that no image of any gallery uses any more and
    /// no running import has saved for rows it has not committed yet.
    /// </summary>
    public async Task DeleteUnusedFilesAsync(IReadOnlyList<string> hashes, CancellationToken cancellationToken)
    {
        foreach (var hash in await files.DeleteUnusedAsync(hashes, cancellationToken))
        {
            crops.Delete(hash);
        }
    }

    public static async Task<Gallery> FindGalleryAsync(PortalDbContext db, int galleryId, CancellationToken ct) =>
        await db.Galleries.FindAsync([galleryId], ct) ?? throw new GalleryException("The gallery no longer exists (deleted meanwhile?).");

    public static async Task<FaceIdentity> FindIdentityAsync(PortalDbContext db, int identityId, CancellationToken ct) =>
        await db.Identities.FindAsync([identityId], ct) ?? throw new GalleryException("The identity no longer exists (deleted or merged meanwhile?).");

    /// <summary>The images with their identities, all of them: one that has gone (deleted meanwhile) stops the whole change.</summary>
    public static async Task<List<GalleryImage>> LoadImagesAsync(PortalDbContext db, IReadOnlyCollection<int> imageIds, CancellationToken ct)
    {
        var ids = imageIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            throw new GalleryException("No images selected.");
        }
        var found = await db.Images.Include(i => i.Identity).Where(i => ids.Contains(i.Id)).ToListAsync(ct);
        if (found.Count != ids.Count)
        {
            var missing = ids.Count - found.Count;
            throw new GalleryException($"{missing} of the selected images no longer exist (deleted by someone else?); nothing was changed. Reload to see the current state.");
        }
        return found;
    }

    /// <summary>The images' file names for an activity entry: the first ten, then how many more.</summary>
    public static string Names(IEnumerable<GalleryImage> images)
    {
        var list = images.Select(i => i.OriginalName).ToList();
        return string.Join(", ", list.Take(10)) + (list.Count > 10 ? $" and {list.Count - 10} more" : "");
    }
}

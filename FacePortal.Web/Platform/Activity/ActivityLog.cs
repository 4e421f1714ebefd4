using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Activity;

/// <summary>
/// The record of every change: written in the same transaction as the change, read newest first. <see cref="Record(PortalDbContext, DateTimeOffset, string, int?, string, string, UndoPayload?)"/>
/// is the only writer, so every entry is bounded the same way.
/// </summary>
public sealed class ActivityLog(IDbContextFactory<PortalDbContext> databases)
{
    /// <summary>Adds an entry to the context; it is saved with the change it describes.</summary>
    public static void Record(PortalDbContext db, DateTimeOffset at, string user, int? galleryId, string action, string details) =>
        Record(db, at, user, galleryId, action, details, null);

    /// <summary>The same with what undoes the change (null: it cannot be undone); returns the entry for callers that link to it.</summary>
    public static ActivityEntry Record(PortalDbContext db, DateTimeOffset at, string user, int? galleryId, string action, string details, UndoPayload? undo)
    {
        var entry = new ActivityEntry
        {
            At = at,
            User = user,
            GalleryId = galleryId,
            Action = action,
            Details = details.Length > 2000 ? details[..1997] + "..." : details,
            Undo = undo?.ToJson(),
        };
        db.Activity.Add(entry);
        return entry;
    }

    /// <summary>One entry; null when there is none with that id.</summary>
    public async Task<ActivityEntry?> GetAsync(long entryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Activity.AsNoTracking().FirstOrDefaultAsync(a => a.Id == entryId, cancellationToken);
    }

    /// <summary>The latest entries, of one gallery or of all (<paramref name="galleryId"/> null).</summary>
    public async Task<IReadOnlyList<ActivityEntry>> LatestAsync(int? galleryId, int take, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.Activity.AsNoTracking();
        if (galleryId is { } id)
        {
            query = query.Where(a => a.GalleryId == id);
        }
        return await query.OrderByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
    }
}

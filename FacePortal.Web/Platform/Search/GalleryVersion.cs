using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Search;

/// <summary>
/// A gallery's content version: its change token (image count, largest image id, identity count, latest activity
/// entry) and an order over versions. Every curation change (move, exclude, delete, merge, primary face...) writes an
/// <see cref="ActivityEntry"/> for the gallery and imports add images with growing ids, so (activity, last image)
/// only grows: a shard that holds a newer version than a query asks for knows the query is late, never reloads back.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GalleryVersion(long Activity, long LastImage, string Token)
{
    /// <summary>True when this version comes after <paramref name="other"/> (a later change of the gallery).</summary>
    public bool IsNewerThan(GalleryVersion other) =>
        Activity != other.Activity ? Activity > other.Activity : LastImage > other.LastImage;

    public override string ToString() => Token;

    /// <summary>The gallery's current version; null when there is no such gallery.</summary>
    public static async Task<GalleryVersion?> ReadAsync(PortalDbContext db, int galleryId, CancellationToken cancellationToken)
    {
        var gallery = await db.Galleries.AsNoTracking().Where(g => g.Id == galleryId).Select(g => new
        {
            Images = g.Images.Count(),
            LastImage = g.Images.Max(i => (int?)i.Id),
            Identities = g.Identities.Count(),
        }).FirstOrDefaultAsync(cancellationToken);
        if (gallery is null)
        {
            return null;
        }
        var activity = await db.Activity.AsNoTracking().Where(a => a.GalleryId == galleryId).MaxAsync(a => (long?)a.Id, cancellationToken);
        return new GalleryVersion(activity ?? 0, gallery.LastImage ?? 0, $"{gallery.Images}:{gallery.LastImage}:{gallery.Identities}:{activity}");
    }
}

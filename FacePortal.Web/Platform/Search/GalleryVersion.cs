using System.Globalization;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Search;

/// <summary>
/// The version of a gallery's descriptors of one model: the gallery's <see cref="Gallery.ContentVersion"/> (images,
/// faces, identities, activity) and the model's <see cref="GalleryModelVersion"/> (its descriptors). Both only grow,
/// in the transaction of the change, so a shard that holds a newer version than a query asks for knows the query is
/// late and never reloads back. Read by primary key: two row lookups in one statement, whatever the gallery's size.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GalleryVersion(long Content, long Descriptors)
{
    /// <summary>True when this version comes after <paramref name="other"/> (a later change of the gallery).</summary>
    public bool IsNewerThan(GalleryVersion other) =>
        Content != other.Content ? Content > other.Content : Descriptors > other.Descriptors;

    /// <summary>The version as text (stored with a gallery analysis, kept with an index snapshot).</summary>
    public string Token => string.Create(CultureInfo.InvariantCulture, $"{Content}.{Descriptors}");

    public override string ToString() => Token;

    /// <summary>
    /// The current version of the gallery's descriptors of <paramref name="model"/> (a pipeline signature); null when
    /// there is no such gallery.
    /// </summary>
    public static async Task<GalleryVersion?> ReadAsync(PortalDbContext db, int galleryId, string model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        // One statement, so both numbers come from one snapshot of the database.
        var row = await db.Galleries.AsNoTracking().Where(g => g.Id == galleryId).Select(g => new
        {
            g.ContentVersion,
            Descriptors = db.GalleryModelVersions.Where(v => v.GalleryId == galleryId && v.Model == model).Select(v => (long?)v.Version).FirstOrDefault(),
        }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new GalleryVersion(row.ContentVersion, row.Descriptors ?? 0);
    }
}

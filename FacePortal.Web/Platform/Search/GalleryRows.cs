using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Search;

/// <summary>
/// The rows a gallery's 1:N index holds, read from the database: the face each image stands for, with its descriptor of
/// one model (pipeline signature), in images not excluded from use. A shard reads the identities whose id falls in it, so an identity's
/// images (and its centroid) always live in one shard.
/// </summary>
public static class GalleryRows
{
    public static async Task<List<GalleryIndexRow>> ReadAsync(PortalDbContext db, int galleryId, string signature, int dimensions,
        ShardSlice? shard, ILogger logger, CancellationToken cancellationToken)
    {
        var faces = Primary(db, galleryId, signature);
        if (shard is { } s)
        {
            faces = faces.Where(d => d.Face!.Image!.IdentityId % s.Count == s.Index);
        }
        var rows = await faces.OrderBy(d => d.FaceId)
            .Select(d => new { d.FaceId, d.Face!.ImageId, d.Face.Image!.IdentityId, Identity = d.Face.Image.Identity!.Name, d.Face.Image.ContentHash, d.Vector })
            .ToListAsync(cancellationToken);
        var usable = rows.Where(r => r.Vector.Length == dimensions)
            .Select(r => new GalleryIndexRow(r.FaceId, r.ImageId, r.IdentityId, r.Identity, r.ContentHash, r.Vector)).ToList();
        if (usable.Count < rows.Count)
        {
            logger.LogWarning("Gallery {Gallery}: {Count} descriptors of the wrong length left out", galleryId, rows.Count - usable.Count);
        }
        return usable;
    }

    /// <summary>How many rows the gallery's index holds and how many identities they belong to (no vectors read).</summary>
    public static async Task<(int Rows, int Identities)> CountAsync(PortalDbContext db, int galleryId, string signature, CancellationToken cancellationToken)
    {
        var faces = Primary(db, galleryId, signature);
        var rows = await faces.CountAsync(cancellationToken);
        var identities = await faces.Select(d => d.Face!.Image!.IdentityId).Distinct().CountAsync(cancellationToken);
        return (rows, identities);
    }

    private static IQueryable<FaceDescriptor> Primary(PortalDbContext db, int galleryId, string signature) =>
        db.PrimaryFor(signature).Named().Where(d => d.Face!.Image!.GalleryId == galleryId && !d.Face.Image.Excluded);
}

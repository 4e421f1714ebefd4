using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Search;

/// <summary>
/// The rows a gallery's 1:N index holds, read from the database: the face each image stands for, measured by the
/// pipeline, in images not excluded from use. A shard reads the identities whose id falls in it, so an identity's
/// images (and its centroid) always live in one shard.
/// </summary>
public static class GalleryRows
{
    public static async Task<List<GalleryIndexRow>> ReadAsync(PortalDbContext db, int galleryId, string signature, int dimensions,
        ShardSlice? shard, ILogger logger, CancellationToken cancellationToken)
    {
        var faces = db.Faces.AsNoTracking()
            .Where(f => f.Image!.GalleryId == galleryId && !f.Image.Excluded && f.Image.PrimaryFaceIndex == f.Index
                && f.DescriptorModel == signature && f.Descriptor != null);
        if (shard is { } s)
        {
            faces = faces.Where(f => f.Image!.IdentityId % s.Count == s.Index);
        }
        var rows = await faces.OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.ImageId, f.Image!.IdentityId, Identity = f.Image.Identity!.Name, f.Image.ContentHash, f.Descriptor })
            .ToListAsync(cancellationToken);
        var usable = rows.Where(r => r.Descriptor!.Length == dimensions)
            .Select(r => new GalleryIndexRow(r.Id, r.ImageId, r.IdentityId, r.Identity, r.ContentHash, r.Descriptor!)).ToList();
        if (usable.Count < rows.Count)
        {
            logger.LogWarning("Gallery {Gallery}: {Count} descriptors of the wrong length left out", galleryId, rows.Count - usable.Count);
        }
        return usable;
    }

    /// <summary>How many rows the gallery's index holds and how many identities they belong to (no vectors read).</summary>
    public static async Task<(int Rows, int Identities)> CountAsync(PortalDbContext db, int galleryId, string signature, CancellationToken cancellationToken)
    {
        var faces = db.Faces.AsNoTracking()
            .Where(f => f.Image!.GalleryId == galleryId && !f.Image.Excluded && f.Image.PrimaryFaceIndex == f.Index
                && f.DescriptorModel == signature && f.Descriptor != null);
        var rows = await faces.CountAsync(cancellationToken);
        var identities = await faces.Select(f => f.Image!.IdentityId).Distinct().CountAsync(cancellationToken);
        return (rows, identities);
    }
}

using FacePortal.Engine.Curation;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// Reads a gallery's unlabelled faces (rows of its holding identity, not excluded) with their descriptor of one model,
/// in image id order, as one <see cref="DescriptorSet"/>.
/// </summary>
internal static class UnlabelledFaces
{
    public static async Task<(List<int> ImageIds, DescriptorSet Set)> ReadAsync(PortalDbContext db, int galleryId, ClusterModel model, int? take, CancellationToken ct)
    {
        var query = db.PrimaryFor(model.Signature)
            .Where(d => d.Face!.Image!.GalleryId == galleryId && d.Face.Image.Identity!.Unlabelled && !d.Face.Image.Excluded)
            .OrderBy(d => d.Face!.ImageId)
            .Select(d => new { d.Face!.ImageId, d.Vector });
        var rows = take is { } n ? await query.Take(n).ToListAsync(ct) : await query.ToListAsync(ct);
        var dimension = rows.Count == 0 ? 1 : rows[0].Vector.Length;
        // A descriptor of another length cannot be compared: left out (as the 1:N index does).
        var usable = rows.Where(r => r.Vector.Length == dimension).ToList();
        return ([.. usable.Select(r => r.ImageId)], DescriptorSet.From([.. usable.Select(r => r.Vector)], model.Metric));
    }
}

using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Analysis;

/// <summary>A gallery image's stored bytes as an analysis input: what "Verify with this image" and "Identify this face" start from.</summary>
public sealed class GalleryImageLoader(IDbContextFactory<PortalDbContext> databases, ImageStore store)
{
    public async Task<GalleryImageInput> LoadAsync(int imageId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var image = await db.Images.AsNoTracking().Where(i => i.Id == imageId)
            .Select(i => new { i.ContentHash, i.OriginalName, i.GalleryId, Identity = i.Identity!.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (image is null || !store.Exists(image.ContentHash))
        {
            throw new GalleryImageNotFoundException(imageId);
        }
        return new GalleryImageInput(new ImageInput(DisplayName(image.Identity, image.OriginalName), await store.ReadAsync(image.ContentHash, cancellationToken)),
            image.GalleryId);
    }

    /// <summary>"identity/file", without repeating the identity when the stored name already starts with its folder (LFW's layout).</summary>
    public static string DisplayName(string identity, string originalName) =>
        originalName.StartsWith(identity + "/", StringComparison.Ordinal) ? originalName : $"{identity}/{originalName}";
}

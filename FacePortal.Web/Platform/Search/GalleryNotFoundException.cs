namespace FacePortal.Web.Platform.Search;

public sealed class GalleryNotFoundException(int galleryId) : Exception($"No gallery {galleryId}.")
{
    public int GalleryId { get; } = galleryId;
}

namespace FacePortal.Web.Features.Identification;

public sealed class GalleryNotFoundException(int galleryId) : Exception($"No gallery {galleryId}.")
{
    public int GalleryId { get; } = galleryId;
}

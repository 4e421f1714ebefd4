namespace FacePortal.Web.Platform.Analysis;

/// <summary>No gallery image with that id, or its file is no longer in the image store.</summary>
public sealed class GalleryImageNotFoundException(int imageId) : Exception($"No gallery image {imageId}.")
{
    public int ImageId { get; } = imageId;
}

namespace FacePortal.Web.Platform.Data;

/// <summary>A named set of identities with their face images.</summary>
public sealed class Gallery
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<FaceIdentity> Identities { get; set; } = [];

    public List<GalleryImage> Images { get; set; } = [];
}

namespace FacePortal.Web.Platform.Data;

/// <summary>A named set of identities with their face images.</summary>
public sealed class Gallery
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The embedding model (by name) Verify and Identify use for this gallery by default; null: the engine's default.</summary>
    public string? Model { get; set; }

    public List<FaceIdentity> Identities { get; set; } = [];

    public List<GalleryImage> Images { get; set; } = [];
}

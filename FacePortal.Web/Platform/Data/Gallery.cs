namespace FacePortal.Web.Platform.Data;

/// <summary>A named set of identities with their face images.</summary>
public sealed class Gallery
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The embedding model (by name) Verify and Identify use for this gallery by default; null: the engine's default.</summary>
    public string? Model { get; set; }

    /// <summary>
    /// Grows by one in the same transaction as every change of the gallery's images, faces, identities or activity
    /// (<see cref="ContentVersions"/>), so a 1:N index checks for changes by primary key. Descriptor changes move the
    /// per-model <see cref="GalleryModelVersion"/> instead.
    /// </summary>
    public long ContentVersion { get; set; } = 1;

    public List<FaceIdentity> Identities { get; set; } = [];

    public List<GalleryImage> Images { get; set; } = [];
}

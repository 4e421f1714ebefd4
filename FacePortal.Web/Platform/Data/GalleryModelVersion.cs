namespace FacePortal.Web.Platform.Data;

/// <summary>
/// How often the descriptors of one model (pipeline signature) in a gallery have changed: grows by one in the same
/// transaction as every add, replace or delete of such a descriptor (<see cref="ContentVersions"/>). Per model, so
/// embedding a gallery with a second model does not make the first model's indexes reload. No row: version 0.
/// </summary>
public sealed class GalleryModelVersion
{
    public int GalleryId { get; set; }

    public required string Model { get; set; }

    public long Version { get; set; }
}

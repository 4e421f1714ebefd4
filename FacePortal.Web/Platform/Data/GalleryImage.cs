namespace FacePortal.Web.Platform.Data;

/// <summary>One image of an identity. The bytes are stored once on disk under their SHA-256.</summary>
public sealed class GalleryImage
{
    public int Id { get; set; }

    public int GalleryId { get; set; }

    public Gallery? Gallery { get; set; }

    public int IdentityId { get; set; }

    public FaceIdentity? Identity { get; set; }

    /// <summary>Lower-case hex SHA-256 of the file: the name of the stored file.</summary>
    public required string ContentHash { get; set; }

    /// <summary>The name it was imported under (zip entry, file name), for people to recognise.</summary>
    public required string OriginalName { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public long Bytes { get; set; }

    public ImageOutcome Outcome { get; set; }

    public string? Error { get; set; }

    /// <summary>Left out of pair sets and evaluations (kept on disk and shown greyed out).</summary>
    public bool Excluded { get; set; }

    /// <summary>Index into <see cref="Faces"/> (by <see cref="DetectedFace.Index"/>) of the face this image stands for; -1 for none.</summary>
    public int PrimaryFaceIndex { get; set; } = -1;

    public DateTimeOffset ImportedAt { get; set; }

    public List<string> Tags { get; set; } = [];

    public List<DetectedFace> Faces { get; set; } = [];
}

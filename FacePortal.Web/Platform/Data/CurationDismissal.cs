namespace FacePortal.Web.Platform.Data;

/// <summary>
/// An operator's "no" to a curation finding about two images (e.g. "not a duplicate"), remembered so the finding is
/// never listed again. The pair is stored in id order, so (a, b) and (b, a) are one answer.
/// </summary>
public sealed class CurationDismissal
{
    public const string NotDuplicate = "not-duplicate";

    public int Id { get; set; }

    public int GalleryId { get; set; }

    /// <summary>What was answered, e.g. <see cref="NotDuplicate"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The lower image id of the pair.</summary>
    public int ImageA { get; set; }

    /// <summary>The higher image id of the pair.</summary>
    public int ImageB { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

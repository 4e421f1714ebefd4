namespace FacePortal.Web.Platform.Data;

/// <summary>
/// An operator's "not a defect" answer to one finding of a gallery analysis, remembered by the finding's key (kind and
/// subject, e.g. <c>mixed:12</c> or <c>duplicate-name:3-7</c>) so it is never listed again, whatever later analyses find.
/// </summary>
public sealed class DefectDismissal
{
    public int Id { get; set; }

    public int GalleryId { get; set; }

    public required string Key { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

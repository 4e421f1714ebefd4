namespace FacePortal.Web.Platform.Data;

/// <summary>
/// An operator's "no" to "is this face &lt;identity&gt;?", kept per face and identity: a cluster whose faces were
/// mostly answered so is never asked about that identity again, however it is re-formed.
/// </summary>
public sealed class SuggestionRejection
{
    public int Id { get; set; }

    public int GalleryId { get; set; }

    public int ImageId { get; set; }

    public int IdentityId { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

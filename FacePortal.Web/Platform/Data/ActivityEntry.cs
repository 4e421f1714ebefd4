namespace FacePortal.Web.Platform.Data;

/// <summary>Who changed what, when: every curation change is recorded.</summary>
public sealed class ActivityEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string User { get; set; }

    public int? GalleryId { get; set; }

    /// <summary>A short verb: "import", "rename", "merge", "move", "exclude"...</summary>
    public required string Action { get; set; }

    public required string Details { get; set; }
}

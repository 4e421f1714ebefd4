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

    /// <summary>JSON <see cref="Activity.UndoPayload"/>: what reverses the change; null when it cannot be undone.</summary>
    public string? Undo { get; set; }

    /// <summary>The entry that recorded this one's undo; set once, so a change is undone at most once.</summary>
    public long? UndoneBy { get; set; }
}

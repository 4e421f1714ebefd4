namespace FacePortal.Web.Platform.Data;

/// <summary>
/// One unit of a job's work (a file to import), planned up front so that a restart continues with the items not
/// yet done and never does one twice.
/// </summary>
public sealed class JobItem
{
    public int Id { get; set; }

    public int JobId { get; set; }

    /// <summary>Where the item comes from: a path, or a zip entry name.</summary>
    public required string Source { get; set; }

    /// <summary>The identity it goes to.</summary>
    public required string Target { get; set; }

    /// <summary>Extra data for the item (e.g. tags from a CSV manifest), as JSON; may be null.</summary>
    public string? Extra { get; set; }

    public bool Done { get; set; }
}

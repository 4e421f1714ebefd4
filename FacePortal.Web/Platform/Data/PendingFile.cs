namespace FacePortal.Web.Platform.Data;

/// <summary>
/// A stored image file a running job has saved (or is about to save) but whose image rows are not committed yet:
/// while it exists, and its job is unfinished, nothing deletes the file. Removed when the rows commit or the job ends.
/// </summary>
public sealed class PendingFile
{
    public int Id { get; set; }

    public int JobId { get; set; }

    /// <summary>Lower-case hex SHA-256: the stored file's name.</summary>
    public required string ContentHash { get; set; }

    public DateTimeOffset SavedAt { get; set; }
}

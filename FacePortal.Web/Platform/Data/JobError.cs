namespace FacePortal.Web.Platform.Data;

/// <summary>One item a job could not handle (a bad file in an import), with the reason.</summary>
public sealed class JobError
{
    public int Id { get; set; }

    public int JobId { get; set; }

    public required string Item { get; set; }

    public required string Reason { get; set; }
}

namespace FacePortal.Web.Platform.Data;

/// <summary>A saved 1:N evaluation of a gallery (the Identify page's "Evaluate 1:N"), to be looked at again later.</summary>
public sealed class IdentificationRun
{
    public int Id { get; set; }

    public int GalleryId { get; set; }

    /// <summary>The pipeline signature whose descriptors were searched.</summary>
    public required string Model { get; set; }

    public required string Scoring { get; set; }

    public int K { get; set; }

    public int Seed { get; set; }

    /// <summary>Share of the repeated identities held out as strangers.</summary>
    public double HoldOut { get; set; }

    /// <summary>The evaluation as JSON (the engine's IdentificationEvaluation).</summary>
    public required string Result { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

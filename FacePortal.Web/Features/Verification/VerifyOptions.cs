namespace FacePortal.Web.Features.Verification;

/// <summary>
/// Choices for one verification: which face of each image (default: the primary one), the decision threshold on the
/// distance (default: the model's own), the embedding model (default: the gallery's, else the engine's), and whether to return the aligned crops (for the page).
/// </summary>
public sealed record VerifyOptions
{
    public int? FaceA { get; init; }

    public int? FaceB { get; init; }

    public double? Threshold { get; init; }

    public bool IncludeCrops { get; init; }

    /// <summary>The embedding model by name; null: that of <see cref="GalleryId"/>, else the engine's default.</summary>
    public string? Model { get; init; }

    /// <summary>A gallery whose model (see <see cref="FacePortal.Web.Platform.Data.Gallery.Model"/>) is the default.</summary>
    public int? GalleryId { get; init; }
}

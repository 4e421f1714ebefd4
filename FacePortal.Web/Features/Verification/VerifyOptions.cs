namespace FacePortal.Web.Features.Verification;

/// <summary>
/// Choices for one verification: which face of each image (default: the primary one), the decision threshold on the
/// distance (default: the model's own), and whether to return the aligned crops (for the page).
/// </summary>
public sealed record VerifyOptions
{
    public int? FaceA { get; init; }

    public int? FaceB { get; init; }

    public double? Threshold { get; init; }

    public bool IncludeCrops { get; init; }
}

namespace FacePortal.Web.Features.Evaluations.Quality;

/// <summary>The quality measures the portal stores for every face, each oriented so that higher is better.</summary>
public static class QualityMeasures
{
    public const string DetectorScore = "detector-score";
    public const string FaceSize = "face-size";
    public const string InterEyeDistance = "inter-eye-distance";
    public const string Sharpness = "sharpness";
    public const string Frontality = "frontality";
    public const string EmbeddingNorm = "embedding-norm";

    public static IReadOnlyList<QualityMeasure> All { get; } =
    [
        new(DetectorScore, "Detector score", "the face detector's confidence"),
        new(FaceSize, "Face size", "square root of the box's area, pixels"),
        new(InterEyeDistance, "Inter-eye distance", "between the eye centres of the 68 landmarks, pixels"),
        new(Sharpness, "Sharpness", "variance of the Laplacian of the aligned crop (measured at import only)"),
        new(Frontality, "Frontality", "minus the absolute yaw from the landmarks, degrees (0 = frontal)"),
        new(EmbeddingNorm, "Embedding norm", "L2 norm of the raw descriptor of the run's pipeline"),
    ];

    /// <summary>Measures ISO/IEC 29794-5 names that the portal does not store; the page lists them as missing.</summary>
    public static IReadOnlyList<string> NotStored { get; } =
    [
        "unified quality score (ISO/IEC 29794-5, OFIQ): not computed",
        "pitch and roll: not stored (yaw only)",
        "illumination, exposure, dynamic range, compression: not measured",
        "eyes open, mouth closed, occlusion, head covering: not measured",
    ];

    public static QualityMeasure? Find(string? key) => All.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.OrdinalIgnoreCase));
}

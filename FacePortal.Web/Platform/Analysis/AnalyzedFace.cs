namespace FacePortal.Web.Platform.Analysis;

/// <summary>
/// One face found in an image: box (image pixels), detector score, 68 landmarks as x,y pairs (empty when the face
/// was too small to measure), descriptor (null when none could be computed) and, on request, the aligned crop.
/// </summary>
public sealed record AnalyzedFace(
    int Index,
    double X,
    double Y,
    double Width,
    double Height,
    double Score,
    float[] Landmarks,
    float[]? Descriptor,
    bool IsPrimary)
{
    /// <summary>The aligned crop the recognition network saw, as a PNG data URL; null unless asked for.</summary>
    public string? Crop { get; init; }

    public bool HasDescriptor => Descriptor is not null;
}

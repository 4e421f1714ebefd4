using FacePortal.Engine.Recognition;

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Scores are "higher = more alike" everywhere in evaluations: minus the distance for Euclidean, the cosine
/// similarity (1 - distance) for Cosine. Thresholds convert back to distances for Verify and Identify.
/// </summary>
public static class ScoreConventions
{
    /// <summary>The score of a pair with an image without a usable face: below every real score, i.e. a non-match.</summary>
    public const double MissingFaceScore = -1e6;

    public static double ToScore(double distance, DistanceMetric metric) => metric switch
    {
        DistanceMetric.Cosine => 1 - distance,
        _ => -distance,
    };

    public static double ToDistance(double score, DistanceMetric metric) => metric switch
    {
        DistanceMetric.Cosine => 1 - score,
        _ => -score,
    };

    public static DistanceMetric ParseMetric(string metric) =>
        Enum.TryParse<DistanceMetric>(metric, ignoreCase: true, out var m) ? m : DistanceMetric.Euclidean;
}

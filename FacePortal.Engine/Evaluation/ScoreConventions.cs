using System.Globalization;
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

    /// <summary>
    /// A threshold as operators of the model read it: the distance for Euclidean models (accept when at most), the
    /// cosine similarity for cosine models (accept when at least).
    /// </summary>
    public static double ToMetricValue(double score, DistanceMetric metric) => metric switch
    {
        DistanceMetric.Cosine => score,
        _ => -score,
    };

    public static double FromMetricValue(double value, DistanceMetric metric) => metric switch
    {
        DistanceMetric.Cosine => value,
        _ => -value,
    };

    /// <summary>What the model's threshold value is called: "distance" or "similarity".</summary>
    public static string MetricValueName(DistanceMetric metric) => metric == DistanceMetric.Cosine ? "similarity" : "distance";

    /// <summary>The rule a threshold stands for, in the model's metric, e.g. "distance &lt;= 0.6".</summary>
    public static string AcceptRule(double score, DistanceMetric metric) => metric == DistanceMetric.Cosine
        ? string.Create(CultureInfo.InvariantCulture, $"similarity >= {score:0.####}")
        : string.Create(CultureInfo.InvariantCulture, $"distance <= {-score:0.####}");

    /// <summary>Null when <paramref name="value"/> can be a threshold of the metric, else why not.</summary>
    public static string? CheckMetricValue(double value, DistanceMetric metric) => metric switch
    {
        _ when !double.IsFinite(value) => "not a number",
        DistanceMetric.Cosine when value is < -1 or > 1 => "a cosine similarity lies between -1 and 1",
        DistanceMetric.Cosine => null,
        _ when value < 0 => "a distance cannot be negative",
        _ => null,
    };

    public static DistanceMetric ParseMetric(string metric) =>
        Enum.TryParse<DistanceMetric>(metric, ignoreCase: true, out var m) ? m : DistanceMetric.Euclidean;
}

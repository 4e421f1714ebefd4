using System.Text.Json;
using System.Text.Json.Serialization;
using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// What the evaluation job adds once every pair is scored (stored with the run as JSON): failures to acquire and
/// enrol, the algorithm-level figures over the comparisons with both templates at the report's threshold with their
/// subject-level bootstrap intervals, the system-level rates with failures included, and FMR(t)/FNMR(t) with
/// intervals at a grid of thresholds (the DET's bands and the calibration of Verify and Identify scores).
/// Scores are "higher = more alike"; accepted when score >= threshold.
/// </summary>
public sealed record EvaluationStandards(
    int Version,
    DateTimeOffset ComputedAt,
    FailureCounts Failures,
    int Comparisons,
    int ComparisonsWithBothTemplates,
    int MatedWithBothTemplates,
    int NonMatedWithBothTemplates,
    double FmrTarget,
    double Threshold,
    string ThresholdRule,
    SystemRates System,
    SubjectBootstrapResult? Bootstrap,
    IReadOnlyList<CurveInterval> Curve,
    double BootstrapSeconds)
{
    public const int CurrentVersion = 1;

    /// <summary>Storage form: the web defaults, NaN and infinities written by name (a bootstrap over nothing is NaN).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Null for a run stored before the standards figures existed (or while it scores).</summary>
    public static EvaluationStandards? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<EvaluationStandards>(json, Json);
}

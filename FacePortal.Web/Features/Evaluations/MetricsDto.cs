using System.Globalization;
using FacePortal.Engine.Evaluation;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>A run's metrics as JSON: thresholds are scores (higher = more alike); infinite or undefined values are null.</summary>
public sealed record MetricsDto(
    int Pairs, int Genuine, int Impostor, int MissingFace, double? Auc, double? Eer, double? EerThreshold, string AccuracyProtocol,
    double Accuracy, double AccuracyStd, double BestThreshold, double BestThresholdAccuracy, double MeanFoldThreshold,
    IReadOnlyDictionary<string, TarAtFarDto> TarAtFar, IReadOnlyList<double> FoldAccuracies)
{
    public static MetricsDto From(VerificationMetrics m, int missingFace) => new(
        m.PairCount, m.GenuineCount, m.ImpostorCount, missingFace, m.Auc, m.Eer, Finite(m.EerThreshold),
        m.AccuracyProtocol == global::FacePortal.Engine.Evaluation.AccuracyProtocol.CrossValidated ? "cross-validated" : "single-fold-best-threshold",
        m.Accuracy, m.AccuracyStd, m.BestThreshold, m.BestThresholdAccuracy, m.MeanFoldThreshold,
        m.TarAtFar.ToDictionary(t => FarKey(t.TargetFar), t => new TarAtFarDto(t.Tar, Finite(t.Threshold), t.Far, t.TrueAccepts, t.FalseAccepts, t.MaxFalseAccepts, t.ImpostorCount, t.Unreachable)),
        m.FoldAccuracies);

    /// <summary>"0.001" for 1e-3.</summary>
    public static string FarKey(double far) => far.ToString("0.##########", CultureInfo.InvariantCulture);

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;
}

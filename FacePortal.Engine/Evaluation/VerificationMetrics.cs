namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Everything <see cref="VerificationEvaluator.Evaluate(SortedScores, IReadOnlyList{double}?)"/> measures.
/// Thresholds are in score units (higher = more alike). Auc, Eer and EerThreshold are null when the set has no
/// genuine or no impostor pairs (they are undefined then).
/// </summary>
public sealed record VerificationMetrics(
    int PairCount,
    int GenuineCount,
    int ImpostorCount,
    double? Auc,
    double? Eer,
    double? EerThreshold,
    AccuracyProtocol AccuracyProtocol,
    double Accuracy,
    double AccuracyStd,
    double MeanFoldThreshold,
    double BestThreshold,
    double BestThresholdAccuracy,
    IReadOnlyList<FoldResult> Folds,
    IReadOnlyList<TarAtFarResult> TarAtFar)
{
    public IReadOnlyList<double> FoldAccuracies => [.. Folds.Select(f => f.Accuracy)];

    public IReadOnlyList<double> FoldThresholds => [.. Folds.Select(f => f.Threshold)];
}

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Cross-validated accuracy. <see cref="AccuracyStd"/> is the SAMPLE standard deviation (n - 1) over the fold
/// accuracies, as LFW papers and face-api's lfw.mjs report it; 0 with one fold.
/// </summary>
public sealed record FoldProtocolResult(
    AccuracyProtocol Protocol,
    double MeanAccuracy,
    double AccuracyStd,
    double MeanThreshold,
    IReadOnlyList<FoldResult> Folds);

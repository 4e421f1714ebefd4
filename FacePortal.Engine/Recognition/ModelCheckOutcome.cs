namespace FacePortal.Engine.Recognition;

/// <summary>
/// One preprocessing of the checked model on the sample: channel order, mean/std, alignment and metric
/// (<see cref="Options"/> holds them as settings), with its 10-fold accuracy, AUC, EER and TAR at the check's target FAR.
/// <see cref="Threshold"/> is the distance at the best-accuracy threshold (a starting point for the model's setting).
/// <see cref="Works"/>: within one point of the best accuracy, and the best reaches <see cref="ModelChecker.WorkingAccuracy"/>.
/// </summary>
public sealed record ModelCheckOutcome(
    int Rank,
    string Label,
    EmbeddingModelOptions Options,
    double Accuracy,
    double AccuracyStd,
    double? Auc,
    double? Eer,
    double TarAtFar,
    bool TarUnreachable,
    double Threshold,
    bool Works);

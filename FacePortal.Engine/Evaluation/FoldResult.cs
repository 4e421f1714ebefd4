namespace FacePortal.Engine.Evaluation;

/// <summary>
/// One fold of the cross-validated accuracy: <see cref="Threshold"/> was chosen on the other folds (training
/// accuracy <see cref="TrainAccuracy"/>) and scores <see cref="Accuracy"/> = Correct / Count on this fold.
/// </summary>
public readonly record struct FoldResult(int Fold, double Threshold, double TrainAccuracy, double Accuracy, int Correct, int Count);

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// What a gallery can give with a set of generator options, before any pair is drawn: the genuine pairs (within the
/// per-identity limit), the impostor pairs the sampling mode allows (an upper bound: folds split them further), and
/// the size of the all-vs-all set.
/// </summary>
public readonly record struct PairSetCapacity(long Genuine, long Impostor, long AllVsAll);

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// A scored trial. HIGHER score = more alike: pass -distance for distances, the similarity for similarities.
/// Every threshold the evaluator reports is in these score units (negate it back for a distance).
/// </summary>
public readonly record struct ScoredPair(double Score, bool Same, int Fold);

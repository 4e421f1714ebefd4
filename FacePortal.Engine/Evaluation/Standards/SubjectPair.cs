namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>
/// A scored comparison with the subjects (identities) on each side, for statistics that resample people rather
/// than pairs. HIGHER score = more alike, accepted when score >= threshold (as <see cref="ScoredPair"/>).
/// </summary>
public readonly record struct SubjectPair(double Score, bool Same, int SubjectA, int SubjectB);

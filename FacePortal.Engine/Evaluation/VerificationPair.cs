namespace FacePortal.Engine.Evaluation;

/// <summary>
/// One verification trial: two images (paths relative to an images root, '/' separated), whether they show
/// the same identity, and the cross-validation fold the pair belongs to.
/// </summary>
public readonly record struct VerificationPair(string PathA, string PathB, bool Same, int Fold);

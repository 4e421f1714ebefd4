namespace FacePortal.Engine.Evaluation;

/// <summary>
/// The accuracy-maximising threshold on a set of pairs. Candidates: below every score, the midpoint between each
/// two adjacent distinct scores, above every score (as LFW tooling and face-api's lfw.mjs do); when several
/// candidates tie, the lower median of them in ascending order. <see cref="TiedCandidates"/> counts the ties.
/// </summary>
public readonly record struct BestThresholdResult(double Threshold, double Accuracy, int Correct, int Count, int TiedCandidates);

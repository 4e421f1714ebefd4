using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Open-set identification measured at several gallery sizes (seeded, nested subsets of the enrolled identities):
/// per size the rank-1 FNIR at the threshold of each target FPIR, and the investigation-mode miss rate; then the FPIR
/// predicted for larger galleries from the identity-level FMR measured at the FRTE threshold (FPIR = 0.003) on the
/// whole gallery. Thresholds are distances (a candidate is accepted when its distance is at most the threshold).
/// </summary>
public sealed record OpenSetBySize(
    IReadOnlyList<double> TargetFpirs,
    int Candidates,
    IReadOnlyList<OpenSetAtSize> Sizes,
    double? MeasuredFmr,
    double? FmrThreshold,
    IReadOnlyList<PredictedFpir> Predicted);

/// <summary>One gallery size: <see cref="Fraction"/> of the identities (<see cref="Identities"/> enrolled).</summary>
public sealed record OpenSetAtSize(
    double Fraction,
    int Identities,
    int MatedSearches,
    int NonMatedSearches,
    IReadOnlyList<OpenSetAtFpir> AtFpir,
    double InvestigationMissRank1,
    double InvestigationMissAtCandidates)
{
    /// <summary>
    /// The FPIR-FNIR(rank 1) trade-off at this size, thresholds as distances (ascending, so FPIR rises and FNIR falls);
    /// empty without both mated and non-mated searches.
    /// </summary>
    public IReadOnlyList<OpenSetPoint> Curve { get; init; } = [];
}

/// <summary>
/// At a target FPIR: the distance threshold (null when every distance passes: too few non-mated searches for the target),
/// the FPIR measured there (at most the target) and FNIR(N, 1, T); FPIR and FNIR are null without non-mated searches.
/// </summary>
public sealed record OpenSetAtFpir(double TargetFpir, double? Threshold, double? Fpir, double? Fnir);

/// <summary>FPIR predicted for a gallery of <see cref="Identities"/> identities: 1 - (1 - FMR)^N.</summary>
public sealed record PredictedFpir(long Identities, double Fpir);

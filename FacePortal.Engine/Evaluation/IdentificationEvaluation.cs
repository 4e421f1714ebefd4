using FacePortal.Engine.Search;

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// 1:N evaluation of a gallery split into probes and a gallery: closed-set rank-1 and rank-k accuracy with the CMC
/// curve (<c>Cmc[r - 1]</c> = share of mated probes whose identity is among the first r), and open-set DIR at FAR
/// (identities with a single image serve as non-mated probes).
/// </summary>
public sealed record IdentificationEvaluation(
    int MatedProbes,
    int NonMatedProbes,
    int GalleryIdentities,
    int GalleryDescriptors,
    IdentityScoring Scoring,
    int Seed,
    double Rank1,
    int K,
    double RankK,
    double[] Cmc,
    IReadOnlyList<DirAtFar> OpenSet)
{
    /// <summary>Open-set FNIR/FPIR by gallery size (<see cref="IdentificationEvaluator.EvaluateBySize"/>); null when not measured.</summary>
    public OpenSetBySize? BySize { get; init; }
}

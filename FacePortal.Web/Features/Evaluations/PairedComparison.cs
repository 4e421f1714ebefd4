using FacePortal.Engine.Evaluation;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// The paired part of a comparison of runs on one pair set, over the pairs every run has scored (matched by pair id):
/// the agreement of every two runs with McNemar's test, the paired subject bootstrap (differences of TAR at the target
/// FAR and of EER, second run minus first; run indices as in the comparison's list), FNMR and FMR per value of the tag
/// prefix (<see cref="TagPrefixes"/>: those the gallery has), and the pairs the runs disagree on, most strongly first
/// (<see cref="Disagreements"/> a page of <see cref="DisagreementCount"/>).
/// </summary>
public sealed record PairedComparison(
    int Pairs,
    int MatedPairs,
    IReadOnlyList<RunAgreement> Agreements,
    int Resamples,
    int Seed,
    int Subjects,
    IReadOnlyList<PairedDifference> Differences,
    string? TagPrefix,
    IReadOnlyList<string> TagPrefixes,
    IReadOnlyList<TagComparison> Tags,
    int DisagreementCount,
    IReadOnlyList<DisagreementPair> Disagreements);

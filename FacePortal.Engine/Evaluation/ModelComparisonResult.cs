namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Runs compared on the same pairs at each one's threshold for <see cref="TargetFar"/>: the operating points, the
/// agreement of every two runs with McNemar's test, the paired subject bootstrap of TAR and EER, per-tag error rates
/// and the pairs they decide differently, most strongly first.
/// </summary>
public sealed record ModelComparisonResult(
    double TargetFar,
    int Pairs,
    IReadOnlyList<RunOperatingPoint> Runs,
    IReadOnlyList<RunAgreement> Agreements,
    PairedBootstrapResult Bootstrap,
    IReadOnlyList<TagComparison> Tags,
    IReadOnlyList<Disagreement> Disagreements);

namespace FacePortal.Web.Features.Evaluations.Differentials;

/// <summary>
/// Demographic differentials of one run for one tag prefix (ISO/IEC 19795-10, NIST FRTE's demographic report): one
/// global threshold for <see cref="TargetFmr"/> over ALL pairs, per-tag figures at it, the tag x tag FMR heatmap and
/// Max/GeoMean of FNMR and FMR across tags (1 = parity; null with fewer than two tags that have such pairs).
/// A side's tag comes from its image's tags, else from its identity's; a side with two different values of the
/// prefix counts as conflicting and its pairs stay out of the per-tag figures (they still set the threshold).
/// </summary>
public sealed record DifferentialSummary(
    int RunId,
    string Model,
    string Metric,
    string Prefix,
    double TargetFmr,
    double? Threshold,
    double? ThresholdValue,
    string ThresholdRule,
    double GlobalFmr,
    double GlobalFnmr,
    int Pairs,
    int TaggedPairs,
    int CrossTagImpostorPairs,
    int UntaggedSides,
    int ConflictingSides,
    string? NegativeSampling,
    int Resamples,
    IReadOnlyList<DifferentialGroup> Groups,
    DifferentialHeatmap Heatmap,
    double? FnmrMaxOverGeoMean,
    double? FmrMaxOverGeoMean)
{
    /// <summary>The FMR over same-tag (matched) impostor pairs beside the cross-tag ones, from <see cref="Heatmap"/>.</summary>
    public ImpostorMix Impostors => ImpostorMix.From(Heatmap);
}

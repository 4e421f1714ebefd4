namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>
/// Demographic differentials in the manner of ISO/IEC 19795-10 and NIST's demographic report: one global threshold
/// for <see cref="TargetFmr"/> over all impostor pairs, per-group FNMR and FMR at it, the group x group FMR heatmap
/// (<see cref="FmrHeatmap"/>[i][j] over impostor pairs with one side in group i and the other in j, symmetric;
/// NaN where there is no such pair) with its counts, and Max/GeoMean of FNMR and of FMR across the groups
/// (1 = parity; null with fewer than two groups that have pairs).
/// </summary>
public sealed record DifferentialReport(
    double TargetFmr,
    double Threshold,
    double GlobalFmr,
    double GlobalFnmr,
    IReadOnlyList<GroupRates> Groups,
    IReadOnlyList<string> Labels,
    double[][] FmrHeatmap,
    long[][] HeatmapImpostors,
    double? FnmrMaxOverGeoMean,
    double? FmrMaxOverGeoMean)
{
    /// <summary>log10(FMR / target) of a heatmap cell: 0 = at target, 1 = ten times worse; NaN when unmeasured or 0.</summary>
    public double Log10RatioToTarget(int i, int j) =>
        FmrHeatmap[i][j] > 0 ? Math.Log10(FmrHeatmap[i][j] / TargetFmr) : double.NaN;
}

namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>
/// Error versus discard (ISO/IEC 29794-1) for one quality measure at a fixed threshold, with the partial areas
/// under FNMR and FMR up to <see cref="DiscardLimit"/>. A useful measure has falling curves; the ratio of each area
/// to the flat "no effect" area (start rate x limit) says how much discarding buys (below 1 = it helps).
/// </summary>
public sealed record EdcCurve(string Measure, double Threshold, double DiscardLimit, IReadOnlyList<EdcPoint> Points, double FnmrPartialAuc, double FmrPartialAuc)
{
    public double? FnmrAreaRatio => Points.Count > 0 && Points[0].Fnmr > 0 ? FnmrPartialAuc / (Points[0].Fnmr * DiscardLimit) : null;

    public double? FmrAreaRatio => Points.Count > 0 && Points[0].Fmr > 0 ? FmrPartialAuc / (Points[0].Fmr * DiscardLimit) : null;
}

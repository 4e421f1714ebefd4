namespace FacePortal.Web.Features.Evaluations.Quality;

/// <summary>
/// One measure's error-versus-discard curve at the starting threshold: at each discarded fraction (worst pairs by
/// the lower quality of their two faces) the FNMR and FMR of what is left and the quality cut that discards it; the
/// partial areas up to the discard limit and their ratio to "no effect" (below 1 = discarding helps).
/// </summary>
public sealed record QualityCurve(
    string Measure,
    string Name,
    IReadOnlyList<double> DiscardFractions,
    IReadOnlyList<double> Fnmr,
    IReadOnlyList<double> Fmr,
    IReadOnlyList<double?> Cuts,
    double FnmrPartialAuc,
    double FmrPartialAuc,
    double? FnmrAreaRatio,
    double? FmrAreaRatio);

namespace FacePortal.Web.Features.Evaluations.Differentials;

/// <summary>
/// FMR at the global threshold over impostor pairs with one side in group i and the other in j (symmetric), with the
/// pair counts and log10(FMR / target); null where no pair was measured (FMR) or no false accept happened (the log).
/// </summary>
public sealed record DifferentialHeatmap(IReadOnlyList<string> Labels, double?[][] Fmr, long[][] Impostors, long[][] FalseAccepts, double?[][] Log10RatioToTarget);

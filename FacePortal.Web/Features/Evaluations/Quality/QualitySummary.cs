namespace FacePortal.Web.Features.Evaluations.Quality;

/// <summary>
/// Error versus discard (ISO/IEC 29794-1) of one run for every stored quality measure that varies, at the threshold
/// for <see cref="TargetFmr"/> over all pairs; the measures that could not be used and why; the model's gate and,
/// when a measure and cut are asked for (or a gate is set), what that gate buys on this run.
/// </summary>
public sealed record QualitySummary(
    int RunId,
    string Model,
    double TargetFmr,
    double? Threshold,
    string ThresholdRule,
    double DiscardLimit,
    int Pairs,
    IReadOnlyList<QualityCurve> Curves,
    IReadOnlyList<string> Missing,
    QualityGate? Gate,
    GateEffect? Effect);

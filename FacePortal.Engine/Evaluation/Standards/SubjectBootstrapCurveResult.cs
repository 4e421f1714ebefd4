namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>The bootstrap at the report's threshold and FMR/FNMR intervals at each curve threshold, from the same resamples.</summary>
public sealed record SubjectBootstrapCurveResult(SubjectBootstrapResult AtThreshold, IReadOnlyList<ThresholdRateInterval> Curve);

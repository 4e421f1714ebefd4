namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>FMR and FNMR at one threshold (accepted when score >= threshold) with subject-level bootstrap intervals.</summary>
public sealed record ThresholdRateInterval(double Threshold, BootstrapInterval Fmr, BootstrapInterval Fnmr);

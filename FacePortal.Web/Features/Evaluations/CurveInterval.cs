using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>FMR and FNMR at one threshold (score units, accepted when score >= threshold) with subject-level bootstrap intervals.</summary>
public sealed record CurveInterval(double Threshold, BootstrapInterval Fmr, BootstrapInterval Fnmr);

namespace FacePortal.Web.Features.Evaluations;

/// <summary>FMR(t) and FNMR(t) at one threshold (a score) with their bootstrap intervals: the DET's and the rate curves' bands.</summary>
public sealed record ReportCurvePoint(double Threshold, ReportRate FalseMatchRate, ReportRate FalseNonMatchRate);

namespace FacePortal.Web.Features.Evaluations;

/// <summary>System-level rates for one attempt, failures included: FAR = FMR x (1 - FTA), FRR = FTA + FNMR x (1 - FTA), HTER = (FAR + FRR) / 2.</summary>
public sealed record ReportSystem(double FalseAcceptRate, double FalseRejectRate, double HalfTotalErrorRate, string Formula);

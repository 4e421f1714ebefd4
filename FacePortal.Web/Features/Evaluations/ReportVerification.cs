namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// Algorithm-level figures over the comparisons with both templates, at the decision threshold, with subject-level
/// bootstrap intervals: FMR, FNMR, EER, AUC and the true match rate at each target FMR.
/// </summary>
public sealed record ReportVerification(
    ReportRate FalseMatchRate, ReportRate FalseNonMatchRate, ReportRate? EqualErrorRate, ReportRate? AreaUnderCurve,
    IReadOnlyList<ReportTrueMatchRate> TrueMatchRateAtFalseMatchRate);

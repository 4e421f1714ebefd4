namespace FacePortal.Web.Features.Evaluations;

/// <summary>The true match rate (1 - FNMR) at a target FMR, with its bootstrap interval; <see cref="Measurable"/> false below 1 / non-mated comparisons.</summary>
public sealed record ReportTrueMatchRate(double TargetFalseMatchRate, bool Measurable, ReportRate TrueMatchRate);

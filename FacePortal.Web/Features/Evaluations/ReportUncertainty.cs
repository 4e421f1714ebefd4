namespace FacePortal.Web.Features.Evaluations;

/// <summary>How the intervals were computed, and what they cost.</summary>
public sealed record ReportUncertainty(
    string Method, double ConfidenceLevel, int Resamples, int Seed, int Subjects, double Seconds, int FewErrorsBelow);

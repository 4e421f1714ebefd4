namespace FacePortal.Web.Features.Evaluations;

/// <summary>ISO/IEC 19795-1 failures: to acquire (images without a usable face) and to enrol (identities without any template).</summary>
public sealed record ReportFailures(
    double FailureToAcquireRate, int FailuresToAcquire, int Samples,
    double FailureToEnrolRate, int FailuresToEnrol, int Subjects,
    IReadOnlyDictionary<string, int> Reasons, IReadOnlyList<ImageFailure> Examples);

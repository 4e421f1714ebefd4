namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// ISO/IEC 19795-1 failures of one evaluation. A sample is an image of the pair set; it fails to acquire when it has
/// no usable face (unreadable, no face, face too small, no descriptor). A subject (identity) fails to enrol when none
/// of its images in the pair set gave a usable template. <see cref="Reasons"/> counts failed images per reason;
/// <see cref="Examples"/> lists the first few.
/// </summary>
public sealed record FailureCounts(
    int Samples,
    int FailedToAcquire,
    int Subjects,
    int FailedToEnrol,
    IReadOnlyDictionary<string, int> Reasons,
    IReadOnlyList<ImageFailure> Examples);

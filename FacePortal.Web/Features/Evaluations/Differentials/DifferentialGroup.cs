namespace FacePortal.Web.Features.Evaluations.Differentials;

/// <summary>
/// One tag value's figures at the global threshold: FNMR over its genuine pairs and FMR over impostor pairs with
/// both sides in it (null when it has no such pair), failures to acquire among its images, and its score distributions.
/// </summary>
public sealed record DifferentialGroup(
    string Tag,
    int Identities,
    int Images,
    int FailedImages,
    int GenuinePairs,
    int ImpostorPairs,
    RateEstimate? Fnmr,
    RateEstimate? Fmr,
    ScoreHistogram GenuineScores,
    ScoreHistogram ImpostorScores)
{
    /// <summary>Failure to acquire: images of the group without a usable face.</summary>
    public double Fta => Images == 0 ? 0 : (double)FailedImages / Images;
}

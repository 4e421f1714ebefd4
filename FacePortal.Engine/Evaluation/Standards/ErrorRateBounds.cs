namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>The small-count rules an auditor applies to an error rate.</summary>
public static class ErrorRateBounds
{
    /// <summary>Errors below this back a rate too thinly to trust it (the "rule of 30").</summary>
    public const int TrustworthyErrors = 30;

    /// <summary>Rule of 3: zero errors in n trials bounds the rate by 3/n at 95%; null when errors were seen or n = 0.</summary>
    public static double? RuleOfThreeUpper(long errors, long trials) =>
        errors == 0 && trials > 0 ? Math.Min(1, 3.0 / trials) : null;

    /// <summary>True when fewer than <see cref="TrustworthyErrors"/> errors back the rate.</summary>
    public static bool FewErrors(long errors) => errors < TrustworthyErrors;
}

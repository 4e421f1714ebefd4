using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Web.Features.Evaluations.Differentials;

/// <summary>
/// An error rate with its subject-level bootstrap 95% interval (null where the bootstrap had nothing to resample),
/// the counts behind it, the "fewer than 30 errors" mark and the rule-of-3 upper bound when there is no error.
/// </summary>
public sealed record RateEstimate(double Estimate, double? Lower, double? Upper, long Errors, long Trials, bool FewErrors, double? RuleOfThreeUpper)
{
    public static RateEstimate From(BootstrapInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        return new(interval.Estimate, Finite(interval.Lower), Finite(interval.Upper), interval.Errors, interval.Trials, interval.FewErrors, interval.RuleOfThreeUpper);
    }

    internal static double? Finite(double value) => double.IsFinite(value) ? value : null;
}

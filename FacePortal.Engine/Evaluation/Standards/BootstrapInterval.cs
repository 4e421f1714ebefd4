namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>
/// A figure on the full data with the 2.5th and 97.5th percentiles of its subject-level bootstrap. For error rates
/// <see cref="Errors"/> and <see cref="Trials"/> are the counts behind <see cref="Estimate"/>;
/// <see cref="FewErrors"/> marks fewer than 30 errors and <see cref="RuleOfThreeUpper"/> bounds a rate with none.
/// </summary>
public sealed record BootstrapInterval(double Estimate, double Lower, double Upper, long Errors, long Trials, bool FewErrors, double? RuleOfThreeUpper)
{
    internal static BootstrapInterval Of(double estimate, double[] resampled, long errors, long trials, bool isErrorRate)
    {
        Array.Sort(resampled);
        var valid = resampled.Where(v => !double.IsNaN(v)).ToArray();
        var lower = valid.Length == 0 ? double.NaN : Percentile(valid, 0.025);
        var upper = valid.Length == 0 ? double.NaN : Percentile(valid, 0.975);
        return new BootstrapInterval(estimate, lower, upper, errors, trials,
            isErrorRate && ErrorRateBounds.FewErrors(errors),
            isErrorRate ? ErrorRateBounds.RuleOfThreeUpper(errors, trials) : null);
    }

    /// <summary>Linear interpolation between order statistics (type 7, as R and numpy default).</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}

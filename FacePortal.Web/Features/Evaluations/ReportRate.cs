using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// A rate in the report card: the estimate on all the data, the 95% subject-level bootstrap interval, the errors and
/// trials behind it (error rates only), <see cref="FewErrors"/> when fewer than 30 errors back it, and the rule-of-3
/// upper bound when there were none. Undefined values are null.
/// </summary>
public sealed record ReportRate(double? Estimate, double? Lower95, double? Upper95, long? Errors, long? Trials, bool FewErrors, double? RuleOfThreeUpper)
{
    public static ReportRate From(BootstrapInterval i, bool isErrorRate = true)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new(Finite(i.Estimate), Finite(i.Lower), Finite(i.Upper), isErrorRate ? i.Errors : null, isErrorRate ? i.Trials : null, i.FewErrors, i.RuleOfThreeUpper);
    }

    internal static double? Finite(double v) => double.IsFinite(v) ? v : null;
}

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// A rate of the reference evaluation at one score: the exact estimate with its errors and trials, a 95% interval
/// (subject-level bootstrap, see <see cref="ScoreCalibration.IntervalMethod"/>), the "fewer than 30 errors" mark
/// and the rule-of-3 bound when there were none.
/// </summary>
public sealed record CalibratedRate(double Estimate, double Lower95, double Upper95, long Errors, long Trials, bool FewErrors, double? RuleOfThreeUpper);

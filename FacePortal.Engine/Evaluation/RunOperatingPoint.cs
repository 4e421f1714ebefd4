namespace FacePortal.Engine.Evaluation;

/// <summary>
/// A run at its threshold for the target FAR (the strictest threshold with the best TAR at FAR &lt;= target over all
/// its pairs; +Infinity when only "accept nothing" meets it, <see cref="Unreachable"/> when the pairs hold fewer than
/// 1 / target impostors).
/// </summary>
public sealed record RunOperatingPoint(double Threshold, double Far, double Tar, long FalseAccepts, long Impostors, long FalseRejects, long Genuine, bool Unreachable);

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// A paired difference (second run minus first) on the full data with the 2.5th and 97.5th percentiles of its
/// subject-level bootstrap; the difference is significant at 5% when the interval leaves out 0.
/// </summary>
public sealed record DifferenceInterval(double Estimate, double Lower, double Upper)
{
    public bool ExcludesZero => Lower > 0 || Upper < 0;
}

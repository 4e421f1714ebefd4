namespace FacePortal.Engine.Evaluation;

/// <summary>
/// One run's errors on one tag value at its threshold: false rejects of the mated pairs whose two sides carry the
/// value, false accepts of the non-mated pairs whose two sides carry it. A rate is null without trials.
/// </summary>
public sealed record TagRunRates(long FalseRejects, long Mated, long FalseAccepts, long NonMated)
{
    public double? Fnmr => Mated == 0 ? null : (double)FalseRejects / Mated;

    public double? Fmr => NonMated == 0 ? null : (double)FalseAccepts / NonMated;
}

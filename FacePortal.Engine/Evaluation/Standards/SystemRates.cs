namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>
/// ISO/IEC 19795-1 rates side by side: algorithm level (FMR, FNMR over comparisons that have both templates) and
/// system level with failures included, for one attempt: FAR = FMR x (1 - FTA), FRR = FTA + FNMR x (1 - FTA).
/// </summary>
public sealed record SystemRates(
    int Samples,
    int FailedToAcquire,
    int EnrolmentSubjects,
    int FailedToEnrol,
    double Fta,
    double Fte,
    double Fmr,
    double Fnmr,
    double Far,
    double Frr,
    double Hter)
{
    /// <summary>
    /// <paramref name="samples"/> images presented, <paramref name="failedToAcquire"/> of them without a usable face;
    /// <paramref name="enrolmentSubjects"/> subjects, <paramref name="failedToEnrol"/> of them with no usable
    /// template at all. FMR and FNMR come from the comparisons that have both templates.
    /// </summary>
    public static SystemRates Compute(int samples, int failedToAcquire, int enrolmentSubjects, int failedToEnrol, double fmr, double fnmr)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        ArgumentOutOfRangeException.ThrowIfNegative(failedToAcquire);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(failedToAcquire, samples);
        ArgumentOutOfRangeException.ThrowIfNegative(enrolmentSubjects);
        ArgumentOutOfRangeException.ThrowIfNegative(failedToEnrol);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(failedToEnrol, enrolmentSubjects);
        CheckRate(fmr, nameof(fmr));
        CheckRate(fnmr, nameof(fnmr));
        var fta = samples == 0 ? 0 : (double)failedToAcquire / samples;
        var fte = enrolmentSubjects == 0 ? 0 : (double)failedToEnrol / enrolmentSubjects;
        var far = fmr * (1 - fta);
        var frr = fta + (fnmr * (1 - fta));
        return new SystemRates(samples, failedToAcquire, enrolmentSubjects, failedToEnrol, fta, fte, fmr, fnmr, far, frr, (far + frr) / 2);
    }

    private static void CheckRate(double rate, string name)
    {
        if (!(rate >= 0 && rate <= 1))
        {
            throw new ArgumentOutOfRangeException(name, rate, "a rate must lie in [0, 1]");
        }
    }
}

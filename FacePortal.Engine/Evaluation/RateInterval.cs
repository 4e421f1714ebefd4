namespace FacePortal.Engine.Evaluation;

/// <summary>A rate Successes / Trials with a confidence interval [Lower, Upper].</summary>
public readonly record struct RateInterval(int Successes, int Trials, double Rate, double Lower, double Upper)
{
    /// <summary>The two-sided 95% normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Wilson score interval: unlike the normal approximation it stays inside [0, 1] and is not zero-width at
    /// 0 or n successes, which matters for small FARs. Zero trials: rate 0, interval [0, 1] (nothing known).
    /// </summary>
    public static RateInterval Wilson(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (!(z > 0) || double.IsInfinity(z))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "z must be a positive finite quantile");
        }

        if (trials == 0)
        {
            return new RateInterval(0, 0, 0, 0, 1);
        }

        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / denominator;
        var lower = successes == 0 ? 0 : Math.Max(0, centre - half);
        var upper = successes == trials ? 1 : Math.Min(1, centre + half);
        return new RateInterval(successes, trials, p, lower, upper);
    }
}

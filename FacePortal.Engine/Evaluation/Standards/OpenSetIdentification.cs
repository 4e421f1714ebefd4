namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>
/// Open-set identification metrics of ISO/IEC 19795-1 and NIST FRTE 1:N for one gallery size N:
/// FNIR(N, R, T) = share of mated searches whose mate is not at rank &lt;= R with score &gt;= T;
/// FPIR(N, T) = share of non-mated searches whose best candidate scores &gt;= T.
/// </summary>
public static class OpenSetIdentification
{
    /// <summary>NIST FRTE's identification-mode operating point.</summary>
    public const double FrteFpir = 0.003;

    public static double Fnir(IReadOnlyList<SearchOutcome> searches, int rank, double threshold)
    {
        ArgumentNullException.ThrowIfNull(searches);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        int mated = 0, missed = 0;
        foreach (var s in searches.Where(s => s.Mated))
        {
            mated++;
            missed += s.MateRank >= 1 && s.MateRank <= rank && s.MateScore >= threshold ? 0 : 1;
        }
        return mated == 0 ? 0 : (double)missed / mated;
    }

    public static double Fpir(IReadOnlyList<SearchOutcome> searches, double threshold)
    {
        ArgumentNullException.ThrowIfNull(searches);
        int nonMated = 0, falsePositive = 0;
        foreach (var s in searches.Where(s => !s.Mated))
        {
            nonMated++;
            falsePositive += s.TopScore >= threshold ? 1 : 0;
        }
        return nonMated == 0 ? 0 : (double)falsePositive / nonMated;
    }

    /// <summary>
    /// The lowest threshold whose FPIR is at most <paramref name="targetFpir"/> (at most floor(target x non-mated)
    /// false positives). -Infinity when every threshold meets it (no non-mated searches, or a target of 1).
    /// </summary>
    public static double ThresholdForFpir(IReadOnlyList<SearchOutcome> searches, double targetFpir)
    {
        ArgumentNullException.ThrowIfNull(searches);
        if (!(targetFpir >= 0 && targetFpir <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetFpir), targetFpir, "target FPIR must be in [0, 1]");
        }
        var tops = searches.Where(s => !s.Mated).Select(s => s.TopScore).ToArray();
        var allowed = (int)Math.Floor((targetFpir * tops.Length) + 1e-9);
        if (allowed >= tops.Length)
        {
            return double.NegativeInfinity;
        }
        Array.Sort(tops);
        Array.Reverse(tops);
        // Accepting from T up lets through every top score >= T: T just above the (allowed+1)-th highest.
        return Math.BitIncrement(tops[allowed]);
    }

    /// <summary>The FPIR-FNIR trade-off at rank R over the distinct candidate scores, at most <paramref name="maxPoints"/> points.</summary>
    public static IReadOnlyList<OpenSetPoint> Curve(IReadOnlyList<SearchOutcome> searches, int rank, int maxPoints = 200)
    {
        ArgumentNullException.ThrowIfNull(searches);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        var thresholds = searches.Select(s => s.TopScore).Concat(searches.Where(s => s.MateRank > 0).Select(s => s.MateScore))
            .Where(double.IsFinite).Distinct().Order().ToArray();
        if (thresholds.Length == 0)
        {
            return [];
        }
        // maxPoints - 1 steps plus the last threshold: never more than maxPoints points.
        var step = Math.Max(1, (int)Math.Ceiling(thresholds.Length / (double)(maxPoints - 1)));
        var points = new List<OpenSetPoint>();
        for (var i = 0; i < thresholds.Length; i += step)
        {
            points.Add(new OpenSetPoint(thresholds[i], Fpir(searches, thresholds[i]), Fnir(searches, rank, thresholds[i])));
        }
        if (points[^1].Threshold != thresholds[^1])
        {
            points.Add(new OpenSetPoint(thresholds[^1], Fpir(searches, thresholds[^1]), Fnir(searches, rank, thresholds[^1])));
        }
        return points;
    }

    /// <summary>FPIR predicted for a gallery of <paramref name="identities"/> from the 1:1 FMR: 1 - (1 - FMR)^N.</summary>
    public static double PredictedFpir(double fmr, long identities)
    {
        if (!(fmr >= 0 && fmr <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fmr), fmr, "FMR must be in [0, 1]");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(identities);
        return -double.ExpM1(identities * double.LogP1(-fmr));
    }

    /// <summary>
    /// Investigation mode (threshold 0, a fixed candidate list): the rank-based miss rate for ranks 1..candidates,
    /// the share of mated searches whose mate is not within the first r candidates.
    /// </summary>
    public static IReadOnlyList<double> InvestigationMissRate(IReadOnlyList<SearchOutcome> searches, int candidates)
    {
        ArgumentNullException.ThrowIfNull(searches);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        var mated = searches.Where(s => s.Mated).ToArray();
        var rates = new double[candidates];
        for (var r = 1; r <= candidates; r++)
        {
            rates[r - 1] = mated.Length == 0 ? 0 : (double)mated.Count(s => s.MateRank < 1 || s.MateRank > r) / mated.Length;
        }
        return rates;
    }

    /// <summary>A seeded subset of the identities (at least one) for measuring at a smaller gallery size.</summary>
    public static IReadOnlyList<int> SubsampleIdentities(IReadOnlyList<int> identities, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(identities);
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "fraction must be in (0, 1]");
        }
        var shuffled = identities.Distinct().Order().ToArray();
        new Random(seed).Shuffle(shuffled);
        var take = Math.Max(1, (int)Math.Round(shuffled.Length * fraction));
        return [.. shuffled.Take(take).Order()];
    }
}

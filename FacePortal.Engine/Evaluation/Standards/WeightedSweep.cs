namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>
/// ROC figures from weighted genuine/impostor counts per distinct score (ascending groups). With every weight 1 the
/// figures equal <see cref="VerificationEvaluator"/>'s; the subject bootstrap calls this once per resample, so it
/// allocates nothing and walks the groups once or twice.
/// </summary>
internal static class WeightedSweep
{
    /// <summary>P(genuine &gt; impostor) + 0.5 P(equal); NaN without genuines or impostors.</summary>
    public static double Auc(ReadOnlySpan<double> genuine, ReadOnlySpan<double> impostor, double totalGenuine, double totalImpostor)
    {
        if (totalGenuine <= 0 || totalImpostor <= 0)
        {
            return double.NaN;
        }
        double below = 0, sum = 0;
        for (var g = 0; g < genuine.Length; g++)
        {
            sum += genuine[g] * (below + (0.5 * impostor[g]));
            below += impostor[g];
        }
        return sum / (totalGenuine * totalImpostor);
    }

    /// <summary>
    /// Equal error rate with the evaluator's rule: walking thresholds downwards from "accept nothing", the first
    /// step where FRR - FAR becomes &lt;= 0, interpolated linearly along that step. NaN without both kinds.
    /// </summary>
    public static double Eer(ReadOnlySpan<double> genuine, ReadOnlySpan<double> impostor, double totalGenuine, double totalImpostor)
    {
        if (totalGenuine <= 0 || totalImpostor <= 0)
        {
            return double.NaN;
        }
        double tp = 0, fp = 0;
        double farA = 0, gapA = 1; // the "accept nothing" point: FRR 1, FAR 0
        for (var g = genuine.Length - 1; g >= 0; g--)
        {
            if (genuine[g] == 0 && impostor[g] == 0)
            {
                continue; // a group no resampled subject contributes to is not a point
            }
            tp += genuine[g];
            fp += impostor[g];
            var far = fp / totalImpostor;
            var gap = (1 - (tp / totalGenuine)) - far;
            if (gap <= 0)
            {
                var alpha = gapA / (gapA - gap);
                return farA + (alpha * (far - farA));
            }
            farA = far;
            gapA = gap;
        }
        return farA;
    }

    /// <summary>The largest TAR with false-accept weight at most target x impostors (the evaluator's rule).</summary>
    public static double TarAtFar(ReadOnlySpan<double> genuine, ReadOnlySpan<double> impostor, double totalGenuine, double totalImpostor, double targetFar)
    {
        if (totalGenuine <= 0 || totalImpostor <= 0)
        {
            return double.NaN;
        }
        var maxFalse = (targetFar * totalImpostor) + 1e-9;
        double tp = 0, fp = 0, best = 0;
        for (var g = genuine.Length - 1; g >= 0; g--)
        {
            fp += impostor[g];
            if (fp > maxFalse)
            {
                break;
            }
            tp += genuine[g];
            best = tp;
        }
        return best / totalGenuine;
    }

    /// <summary>Index of the first group whose score is &gt;= threshold (accepted from there up).</summary>
    public static int FirstAccepted(ReadOnlySpan<double> values, double threshold)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (values[mid] >= threshold)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return lo;
    }
}

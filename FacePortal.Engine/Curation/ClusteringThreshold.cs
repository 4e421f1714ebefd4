namespace FacePortal.Engine.Curation;

/// <summary>
/// Clustering joins faces transitively, so one false match merges two people: it needs a stricter threshold than
/// 1:1 verification. This derives one from a model's impostor distances: the threshold at a low false-match rate.
/// </summary>
public static class ClusteringThreshold
{
    /// <summary>The false-match rate the clustering default is taken at.</summary>
    public const double DefaultFmr = 1e-3;

    /// <summary>
    /// The largest distance threshold (match when distance &lt;= threshold) that accepts at most floor(fmr x n) of the
    /// <paramref name="impostorDistances"/>; null when there are too few impostors to resolve <paramref name="fmr"/>.
    /// </summary>
    public static double? AtFmr(IReadOnlyList<double> impostorDistances, double fmr)
    {
        ArgumentNullException.ThrowIfNull(impostorDistances);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fmr);
        var n = impostorDistances.Count;
        if (n == 0 || n * fmr < 1)
        {
            return null;
        }
        var sorted = impostorDistances.ToArray();
        Array.Sort(sorted);
        var allowed = (int)Math.Floor(fmr * n);
        // Just below the first impostor that must be rejected: the ones before it are the allowed false matches.
        return allowed >= n ? sorted[^1] : Math.BitDecrement(sorted[allowed]);
    }
}

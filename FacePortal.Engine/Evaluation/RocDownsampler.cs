namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Thins a ROC curve for charts without losing its low-FAR end: about half the budget is bins uniform in
/// log10(FAR) (from the smallest positive FAR to 1), half bins uniform in FAR; each bin keeps its last point,
/// i.e. its highest TAR, so the kept points are the upper envelope of the curve. Always kept: the first point,
/// the last point at FAR 0 (the best TAR without a false accept) and the last point.
/// </summary>
public static class RocDownsampler
{
    public const int DefaultMaxPoints = 2000;

    /// <summary>
    /// At most <paramref name="maxPoints"/> points of <paramref name="roc"/>, in their order (decreasing threshold,
    /// nondecreasing FAR, as <see cref="VerificationEvaluator.Roc(SortedScores)"/> returns them).
    /// </summary>
    public static IReadOnlyList<RocPoint> Downsample(IReadOnlyList<RocPoint> roc, int maxPoints = DefaultMaxPoints)
    {
        ArgumentNullException.ThrowIfNull(roc);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 5);
        for (var i = 1; i < roc.Count; i++)
        {
            if (roc[i].Far < roc[i - 1].Far)
            {
                throw new ArgumentException($"ROC point {i} has a lower FAR than point {i - 1}: expected nondecreasing FAR", nameof(roc));
            }
        }

        if (roc.Count <= maxPoints)
        {
            return [.. roc];
        }

        var logBins = (maxPoints - 3) / 2;
        var linearBins = maxPoints - 3 - logBins;
        var firstPositive = 0;
        while (firstPositive < roc.Count && roc[firstPositive].Far <= 0)
        {
            firstPositive++;
        }

        var keep = new bool[roc.Count];
        keep[0] = true;
        keep[^1] = true;
        if (firstPositive > 0)
        {
            keep[firstPositive - 1] = true;
        }

        if (firstPositive < roc.Count)
        {
            var logLow = Math.Log10(roc[firstPositive].Far);
            int LogBin(double far) => logLow >= 0 ? 0 : Math.Clamp((int)((Math.Log10(far) - logLow) / -logLow * logBins), 0, logBins - 1);
            int LinearBin(double far) => Math.Clamp((int)(far * linearBins), 0, linearBins - 1);
            for (var i = firstPositive; i < roc.Count - 1; i++)
            {
                var far = roc[i].Far;
                var next = roc[i + 1].Far;
                keep[i] |= LogBin(far) != LogBin(next) || LinearBin(far) != LinearBin(next);
            }
        }

        var result = new List<RocPoint>(maxPoints);
        for (var i = 0; i < roc.Count; i++)
        {
            if (keep[i])
            {
                result.Add(roc[i]);
            }
        }

        return result;
    }
}

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Verification metrics from scored pairs (higher score = more alike; accept when score >= threshold).
/// Everything runs on one <see cref="SortedScores"/>: ROC, AUC, EER and TAR@FAR are a cumulative sweep or binary
/// searches over the distinct scores; the best-accuracy threshold and the LFW fold protocol are linear sweeps
/// over the already sorted items. Ties are handled as groups: pairs with equal scores are accepted together.
/// </summary>
public static class VerificationEvaluator
{
    /// <summary>FAR targets reported by <see cref="Evaluate(SortedScores, IReadOnlyList{double}?)"/> by default.</summary>
    public static IReadOnlyList<double> DefaultFarTargets { get; } = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6];

    public static VerificationMetrics Evaluate(IReadOnlyList<ScoredPair> pairs, IReadOnlyList<double>? farTargets = null) =>
        Evaluate(SortedScores.Create(pairs), farTargets);

    public static VerificationMetrics Evaluate(SortedScores scores, IReadOnlyList<double>? farTargets = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var tarAtFar = (farTargets ?? DefaultFarTargets).Select(t => TarAtFar(scores, t)).ToArray();
        var sweep = new ThresholdSweep(scores);
        var best = sweep.Best(-1);
        var folds = CrossValidate(scores, sweep, best);
        var eer = Eer(scores);
        return new VerificationMetrics(
            scores.Count, scores.GenuineCount, scores.ImpostorCount,
            Auc(scores), eer?.Eer, eer?.Threshold,
            folds.Protocol, folds.MeanAccuracy, folds.AccuracyStd, folds.MeanThreshold,
            best.Threshold, best.Accuracy, folds.Folds, tarAtFar);
    }

    public static ConfusionAtThreshold AtThreshold(IReadOnlyList<ScoredPair> pairs, double threshold) =>
        SortedScores.Create(pairs).AtThreshold(threshold);

    /// <summary>O(log n) on a pre-sorted set.</summary>
    public static ConfusionAtThreshold AtThreshold(SortedScores scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return scores.AtThreshold(threshold);
    }

    public static IReadOnlyList<RocPoint> Roc(IReadOnlyList<ScoredPair> pairs) => Roc(SortedScores.Create(pairs));

    /// <summary>
    /// A ROC point at every distinct score, by decreasing threshold: first (+Infinity, FAR 0, TAR 0), last the
    /// lowest score (FAR 1, TAR 1). Without impostors FAR is 0 and without genuines TAR is 1 throughout (Rates).
    /// </summary>
    public static IReadOnlyList<RocPoint> Roc(SortedScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var roc = new RocPoint[scores.PointCount];
        for (var k = 0; k < roc.Length; k++)
        {
            roc[k] = new RocPoint(
                scores.PointThreshold(k),
                Rates.Ratio(scores.PointFalsePositives(k), scores.ImpostorCount, 0),
                Rates.Ratio(scores.PointTruePositives(k), scores.GenuineCount, 1));
        }

        return roc;
    }

    /// <summary>
    /// Area under the ROC (trapezoids between the tie groups) = Mann-Whitney P(genuine > impostor) + 0.5 P(equal),
    /// computed exactly in integers. Null without genuines or impostors.
    /// </summary>
    public static double? Auc(SortedScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.GenuineCount == 0 || scores.ImpostorCount == 0)
        {
            return null;
        }

        long twice = 0; // 2 x (wins + ties / 2)
        for (var g = 0; g < scores.DistinctScoreCount; g++)
        {
            long genuine = scores.GroupGenuine(g);
            twice += genuine * ((2L * scores.ImpostorsBelowGroup(g)) + scores.GroupImpostor(g));
        }

        return twice / (2.0 * scores.GenuineCount * scores.ImpostorCount);
    }

    /// <summary>
    /// Equal error rate: walking the ROC points by decreasing threshold, the first segment where FRR - FAR goes
    /// from positive to &lt;= 0; FAR, FRR and the threshold are interpolated linearly along it (from the +Infinity
    /// point the threshold of the segment's end is used). Null without genuines or impostors.
    /// </summary>
    public static EerResult? Eer(SortedScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        long genuine = scores.GenuineCount;
        long impostor = scores.ImpostorCount;
        if (genuine == 0 || impostor == 0)
        {
            return null;
        }

        // (FRR - FAR) x genuine x impostor, exact; nonincreasing in k, 1 x g x i at k = 0 and <= 0 at the end.
        long Gap(int k) => ((genuine - scores.PointTruePositives(k)) * impostor) - (scores.PointFalsePositives(k) * genuine);
        var b = FirstIndex(1, scores.PointCount - 1, k => Gap(k) <= 0);
        var a = b - 1;
        var gapA = Gap(a);
        var alpha = (double)gapA / (gapA - Gap(b));
        var farA = (double)scores.PointFalsePositives(a) / impostor;
        var farB = (double)scores.PointFalsePositives(b) / impostor;
        var thresholdB = scores.PointThreshold(b);
        var thresholdA = a == 0 ? thresholdB : scores.PointThreshold(a);
        return new EerResult(farA + (alpha * (farB - farA)), Lerp(thresholdA, thresholdB, alpha));
    }

    /// <summary>
    /// The largest TAR with at most floor(target x impostors) false accepts, at the highest threshold reaching it.
    /// O(log n). <paramref name="targetFar"/> must lie in (0, 1].
    /// </summary>
    public static TarAtFarResult TarAtFar(SortedScores scores, double targetFar)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (!(targetFar > 0 && targetFar <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetFar), targetFar, "target FAR must be in (0, 1]");
        }

        var impostors = scores.ImpostorCount;
        // The epsilon keeps 1e-3 x 1000 from flooring to 999 through the binary representation of 1e-3.
        var maxFalse = (int)Math.Floor((targetFar * impostors) + 1e-9);
        var last = FirstIndex(0, scores.PointCount, k => scores.PointFalsePositives(k) > maxFalse) - 1;
        var tp = scores.PointTruePositives(last);
        var k = FirstIndex(0, last, j => scores.PointTruePositives(j) >= tp);
        var fp = scores.PointFalsePositives(k);
        return new TarAtFarResult(
            targetFar,
            scores.PointThreshold(k),
            Rates.Ratio(fp, impostors, 0),
            Rates.Ratio(tp, scores.GenuineCount, 1),
            tp, fp, maxFalse, scores.GenuineCount, impostors,
            Unreachable: impostors * targetFar < 1 - 1e-9);
    }

    /// <summary>The accuracy-maximising threshold on the whole set (see <see cref="BestThresholdResult"/>).</summary>
    public static BestThresholdResult BestAccuracyThreshold(SortedScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return new ThresholdSweep(scores).Best(-1);
    }

    /// <summary>
    /// The LFW protocol over the folds present: for each fold, the best-accuracy threshold of all other folds,
    /// applied to it (accept score >= threshold); mean, sample std. With one fold: the best threshold of that fold
    /// measured on itself, flagged <see cref="AccuracyProtocol.SingleFoldBestThreshold"/>.
    /// </summary>
    public static FoldProtocolResult CrossValidate(SortedScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var sweep = new ThresholdSweep(scores);
        return CrossValidate(scores, sweep, scores.Folds.Count == 1 ? sweep.Best(-1) : default);
    }

    private static FoldProtocolResult CrossValidate(SortedScores scores, ThresholdSweep sweep, BestThresholdResult whole)
    {
        var foldCount = scores.Folds.Count;
        if (foldCount == 1)
        {
            FoldResult[] single = [new(scores.Folds[0], whole.Threshold, whole.Accuracy, whole.Accuracy, whole.Correct, whole.Count)];
            return new FoldProtocolResult(AccuracyProtocol.SingleFoldBestThreshold, whole.Accuracy, 0, whole.Threshold, single);
        }

        var train = new BestThresholdResult[foldCount];
        var thresholds = new double[foldCount];
        for (var f = 0; f < foldCount; f++)
        {
            train[f] = sweep.Best(f);
            thresholds[f] = train[f].Threshold;
        }

        // One pass scores every held-out fold against its own threshold.
        var correct = new int[foldCount];
        var items = scores.ItemScores;
        var codes = scores.ItemCodes;
        for (var i = 0; i < items.Length; i++)
        {
            var code = codes[i];
            var f = code >> 1;
            if ((items[i] >= thresholds[f]) == ((code & 1) != 0))
            {
                correct[f]++;
            }
        }

        var folds = new FoldResult[foldCount];
        for (var f = 0; f < foldCount; f++)
        {
            var count = scores.FoldGenuine(f) + scores.FoldImpostor(f);
            folds[f] = new FoldResult(scores.Folds[f], thresholds[f], train[f].Accuracy, (double)correct[f] / count, correct[f], count);
        }

        var mean = folds.Average(r => r.Accuracy);
        var variance = folds.Sum(r => (r.Accuracy - mean) * (r.Accuracy - mean)) / (foldCount - 1);
        return new FoldProtocolResult(AccuracyProtocol.CrossValidated, mean, Math.Sqrt(variance), thresholds.Average(), folds);
    }

    /// <summary>a + alpha (b - a), but never NaN when an end is infinite: then the nearer end.</summary>
    internal static double Lerp(double a, double b, double alpha) =>
        a == b ? a : double.IsInfinity(a) || double.IsInfinity(b) ? (alpha <= 0.5 ? a : b) : a + (alpha * (b - a));

    /// <summary>Smallest k in [lo, hi) with pred(k) true, for a predicate false then true; hi when never.</summary>
    private static int FirstIndex(int lo, int hi, Func<int, bool> pred)
    {
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (pred(mid))
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

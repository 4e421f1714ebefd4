using FacePortal.Engine.Evaluation;

namespace FacePortal.Tests.Engine.Evaluation;

/// <summary>The sort-once sweeps against the per-threshold naive implementation, on random data full of ties.</summary>
public class VerificationEvaluatorNaiveTests
{
    private const double Tol = 1e-12;

    public static TheoryData<int, int, int> Cases => new()
    {
        { 1, 300, 10 }, { 2, 300, 10 }, { 3, 250, 4 }, { 4, 120, 2 }, { 5, 57, 10 },
        { 6, 400, 10 }, { 7, 9, 3 }, { 8, 2, 2 }, { 9, 200, 1 }, { 10, 300, 10 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Roc_RandomTiedScores_EqualsNaivePerThresholdCounts(int seed, int n, int folds)
    {
        var pairs = NaiveVerification.RandomTied(seed, n, folds);
        var fast = VerificationEvaluator.Roc(pairs);
        var naive = NaiveVerification.Roc(pairs);

        Assert.Equal(naive.Count, fast.Count);
        Assert.Equal(naive, fast); // exact: same counts divided by the same totals
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AtThreshold_EveryCandidateThreshold_EqualsNaiveCounts(int seed, int n, int folds)
    {
        var pairs = NaiveVerification.RandomTied(seed, n, folds);
        var sorted = SortedScores.Create(pairs);
        // Every distinct score, the points just beside it, and beyond both ends.
        var thresholds = pairs.Select(p => p.Score).Distinct()
            .SelectMany(s => new[] { s, Math.BitDecrement(s), Math.BitIncrement(s), s + 0.125 })
            .Append(double.NegativeInfinity).Append(double.PositiveInfinity).Append(-100).Append(100);
        foreach (var t in thresholds)
        {
            var c = sorted.AtThreshold(t);
            var (tp, fp, tn, fn) = NaiveVerification.Count(pairs, t);
            Assert.Equal((tp, fp, tn, fn), (c.TruePositives, c.FalsePositives, c.TrueNegatives, c.FalseNegatives));
            Assert.Equal(NaiveVerification.Far(pairs, t), c.Far);
            Assert.Equal(NaiveVerification.Tar(pairs, t), c.Tar);
            Assert.Equal((double)(tp + tn) / pairs.Count, c.Accuracy);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Auc_RandomTiedScores_EqualsAllPairsMannWhitney(int seed, int n, int folds)
    {
        var pairs = NaiveVerification.RandomTied(seed, n, folds);
        var fast = VerificationEvaluator.Auc(SortedScores.Create(pairs));
        var naive = NaiveVerification.Auc(pairs);

        Assert.Equal(naive.HasValue, fast.HasValue);
        if (naive is { } expected)
        {
            Assert.Equal(expected, fast!.Value, Tol);
            // Also the trapezoid rule over the naive ROC: ties as one diagonal step give the half credit.
            var roc = NaiveVerification.Roc(pairs);
            var trapezoid = 0.0;
            for (var k = 1; k < roc.Count; k++)
            {
                trapezoid += (roc[k].Far - roc[k - 1].Far) * (roc[k].Tar + roc[k - 1].Tar) / 2;
            }

            Assert.Equal(trapezoid, fast.Value, Tol);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Eer_RandomTiedScores_EqualsNaiveAndLiesBetweenTheBracketingPoints(int seed, int n, int folds)
    {
        var pairs = NaiveVerification.RandomTied(seed, n, folds);
        var fast = VerificationEvaluator.Eer(SortedScores.Create(pairs));
        var naive = NaiveVerification.Eer(pairs);

        Assert.Equal(naive.HasValue, fast.HasValue);
        if (naive is { } expected)
        {
            Assert.Equal(expected.Eer, fast!.Value.Eer, Tol);
            Assert.Equal(expected.Threshold, fast.Value.Threshold, Tol);
            // A step ROC: the EER can be no worse than the best max(FAR, FRR) and no better than the best min.
            var roc = NaiveVerification.Roc(pairs);
            Assert.True(fast.Value.Eer <= roc.Min(p => Math.Max(p.Far, 1 - p.Tar)) + Tol);
            Assert.True(fast.Value.Eer >= roc.Max(p => Math.Min(p.Far, 1 - p.Tar)) - Tol);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TarAtFar_EveryTarget_EqualsNaiveBestOverAllThresholds(int seed, int n, int folds)
    {
        var pairs = NaiveVerification.RandomTied(seed, n, folds);
        var sorted = SortedScores.Create(pairs);
        foreach (var target in new[] { 1.0, 0.5, 0.3, 0.1, 0.05, 0.01, 1e-3, 1e-6 })
        {
            var fast = VerificationEvaluator.TarAtFar(sorted, target);
            var (threshold, tp, fp) = NaiveVerification.TarAtFar(pairs, target);

            Assert.Equal(threshold, fast.Threshold);
            Assert.Equal(tp, fast.TrueAccepts);
            Assert.Equal(fp, fast.FalseAccepts);
            Assert.True(fast.Far <= target + Tol);
            Assert.Equal(NaiveVerification.Tar(pairs, threshold), fast.Tar);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BestAccuracyThreshold_RandomTiedScores_EqualsNaiveCandidateScan(int seed, int n, int folds)
    {
        var pairs = NaiveVerification.RandomTied(seed, n, folds);
        var fast = VerificationEvaluator.BestAccuracyThreshold(SortedScores.Create(pairs));
        var naive = NaiveVerification.BestThreshold(pairs);

        Assert.Equal(naive.Threshold, fast.Threshold);
        Assert.Equal(naive.Accuracy, fast.Accuracy, Tol);
        Assert.Equal(naive.Tied, fast.TiedCandidates);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_RandomTiedScores_FoldProtocolEqualsNaive(int seed, int n, int folds)
    {
        var pairs = NaiveVerification.RandomTied(seed, n, folds);
        var m = VerificationEvaluator.Evaluate(pairs);
        var foldsPresent = pairs.Select(p => p.Fold).Distinct().Count();

        if (foldsPresent == 1)
        {
            var best = NaiveVerification.BestThreshold(pairs);
            Assert.Equal(AccuracyProtocol.SingleFoldBestThreshold, m.AccuracyProtocol);
            Assert.Equal(best.Accuracy, m.Accuracy, Tol);
            Assert.Equal(0, m.AccuracyStd);
            Assert.Equal([best.Threshold], m.FoldThresholds);
            return;
        }

        var (mean, std, thresholds, accuracies) = NaiveVerification.CrossValidate(pairs);
        Assert.Equal(AccuracyProtocol.CrossValidated, m.AccuracyProtocol);
        Assert.Equal(thresholds, m.FoldThresholds);
        Assert.Equal(accuracies, m.FoldAccuracies);
        Assert.Equal(mean, m.Accuracy, Tol);
        Assert.Equal(std, m.AccuracyStd, Tol);
        Assert.Equal(thresholds.Average(), m.MeanFoldThreshold, Tol);
        Assert.Equal(pairs.Select(p => p.Fold).Distinct().Order(), m.Folds.Select(f => f.Fold));
    }

    [Fact]
    public void Evaluate_ContinuousScoresWithNegatedDistances_EqualsNaive()
    {
        // Few ties, negative scores (as -distance), arbitrary fold labels.
        var rng = new Random(42);
        var pairs = Enumerable.Range(0, 400).Select(i =>
        {
            var same = i % 3 != 0;
            var distance = (rng.NextDouble() * 0.8) + (same ? 0.1 : 0.4);
            return new ScoredPair(-Math.Round(distance, 3), same, 7 + (i % 5) * 11);
        }).ToList();
        var m = VerificationEvaluator.Evaluate(pairs);
        var (mean, std, thresholds, _) = NaiveVerification.CrossValidate(pairs);

        Assert.Equal(thresholds, m.FoldThresholds);
        Assert.Equal(mean, m.Accuracy, Tol);
        Assert.Equal(std, m.AccuracyStd, Tol);
        Assert.Equal(NaiveVerification.Auc(pairs)!.Value, m.Auc!.Value, Tol);
        Assert.Equal(NaiveVerification.Eer(pairs)!.Value.Eer, m.Eer!.Value, Tol);
        Assert.Equal([7, 18, 29, 40, 51], m.Folds.Select(f => f.Fold));
    }
}

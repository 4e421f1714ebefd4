using FacePortal.Engine.Evaluation;

namespace FacePortal.Tests.Engine.Evaluation;

/// <summary>Hand-worked small examples and edge cases.</summary>
public class VerificationEvaluatorTests
{
    private const double Tol = 1e-12;

    // Genuine 0.9, 0.7, 0.5; impostor 0.7, 0.3, 0.1 (one tie at 0.7 across the classes), one fold.
    private static readonly ScoredPair[] Six =
    [
        new(0.9, true, 0), new(0.7, true, 0), new(0.5, true, 0),
        new(0.7, false, 0), new(0.3, false, 0), new(0.1, false, 0),
    ];

    [Fact]
    public void Auc_SixPairsWithTie_IsFiveSixths()
    {
        // Genuine x impostor: 0.9 beats all 3 -> 3; 0.7 ties 0.7 (0.5) and beats 0.3, 0.1 -> 2.5;
        // 0.5 beats 0.3, 0.1 -> 2. (3 + 2.5 + 2) / 9 = 7.5 / 9 = 5/6.
        Assert.Equal(5.0 / 6, VerificationEvaluator.Auc(SortedScores.Create(Six))!.Value, Tol);
    }

    [Fact]
    public void Roc_SixPairsWithTie_OnePointPerDistinctScoreTieMovesTogether()
    {
        // t = inf: nothing; 0.9: 1 genuine; 0.7: +1 genuine +1 impostor together; 0.5: 3 genuines; 0.3, 0.1.
        RocPoint[] expected =
        [
            new(double.PositiveInfinity, 0, 0), new(0.9, 0, 1.0 / 3), new(0.7, 1.0 / 3, 2.0 / 3),
            new(0.5, 1.0 / 3, 1), new(0.3, 2.0 / 3, 1), new(0.1, 1, 1),
        ];
        Assert.Equal(expected, VerificationEvaluator.Roc(Six));
    }

    [Fact]
    public void Eer_SixPairs_CrossingExactlyAtTheTiedScore()
    {
        // FRR - FAR by point: inf 1 - 0 = 1; 0.9: 2/3 - 0 = 2/3; 0.7: 1/3 - 1/3 = 0 -> crossing reached at the
        // point itself (alpha = 1): EER = 1/3 at threshold 0.7.
        var eer = VerificationEvaluator.Eer(SortedScores.Create(Six))!.Value;
        Assert.Equal(1.0 / 3, eer.Eer, Tol);
        Assert.Equal(0.7, eer.Threshold, Tol);
    }

    [Fact]
    public void Eer_InterpolatedBetweenPoints_MatchesHandComputation()
    {
        // Genuine 0.8, 0.6, 0.55; impostor 0.7, 0.2. FRR - FAR by point: inf 1; 0.8: 2/3 - 0; 0.7: 2/3 - 1/2 = 1/6;
        // 0.6: 1/3 - 1/2 = -1/6. Crossing on the segment 0.7 -> 0.6, alpha = (1/6) / (1/6 + 1/6) = 1/2: FAR stays
        // 1/2 there and FRR goes 2/3 -> 1/3 (1/2 halfway), so EER = 1/2 at threshold 0.7 + 0.5 (0.6 - 0.7) = 0.65.
        ScoredPair[] pairs = [new(0.8, true, 0), new(0.6, true, 0), new(0.55, true, 0), new(0.7, false, 0), new(0.2, false, 0)];
        var eer = VerificationEvaluator.Eer(SortedScores.Create(pairs))!.Value;
        Assert.Equal(0.5, eer.Eer, Tol);
        Assert.Equal(0.65, eer.Threshold, Tol);
    }

    [Fact]
    public void BestAccuracyThreshold_SixPairs_MidpointBetween03And05()
    {
        // Ascending candidates and correct counts: below all 3 (all accepted), 0.2: 4, 0.4: 5, 0.6: 4, 0.8: 4,
        // above all 3. Unique best 0.4 = (0.3 + 0.5) / 2 with 5/6.
        var best = VerificationEvaluator.BestAccuracyThreshold(SortedScores.Create(Six));
        Assert.Equal(0.4, best.Threshold, Tol);
        Assert.Equal(5.0 / 6, best.Accuracy, Tol);
        Assert.Equal(1, best.TiedCandidates);
    }

    [Fact]
    public void AtThreshold_SixPairsAtTiedScore_ConfusionAndRatesByHand()
    {
        // Accept >= 0.7: genuines 0.9, 0.7 (TP 2), impostor 0.7 (FP 1); rejected genuine 0.5 (FN 1), impostors 0.3,
        // 0.1 (TN 2). FAR 1/3, FRR 1/3, accuracy 4/6, precision 2/3, recall 2/3, F1 2/3.
        var c = VerificationEvaluator.AtThreshold(Six, 0.7);
        Assert.Equal(new ConfusionAtThreshold(0.7, 2, 1, 2, 1), c);
        Assert.Equal(1.0 / 3, c.Far, Tol);
        Assert.Equal(1.0 / 3, c.Frr, Tol);
        Assert.Equal(4.0 / 6, c.Accuracy, Tol);
        Assert.Equal(2.0 / 3, c.Precision, Tol);
        Assert.Equal(2.0 / 3, c.Recall, Tol);
        Assert.Equal(2.0 / 3, c.F1, Tol);
    }

    [Fact]
    public void TarAtFar_SixPairs_ZeroFalseAcceptsAllowedAndUnreachable()
    {
        // 3 impostors: FAR 0.1 allows floor(0.3) = 0 false accepts -> the best is 0.9 (TAR 1/3); 3 < 1/0.1 impostors.
        // FAR 0.5 allows 1 -> accept >= 0.5: TAR 1, FAR 1/3; reachable (3 >= 2).
        var sorted = SortedScores.Create(Six);
        var tenth = VerificationEvaluator.TarAtFar(sorted, 0.1);
        Assert.Equal((0.9, 1.0 / 3, 0.0, 1, 0, 0, true), (tenth.Threshold, tenth.Tar, tenth.Far, tenth.TrueAccepts, tenth.FalseAccepts, tenth.MaxFalseAccepts, tenth.Unreachable));
        var half = VerificationEvaluator.TarAtFar(sorted, 0.5);
        Assert.Equal((0.5, 1.0, 1.0 / 3, 3, 1, false), (half.Threshold, half.Tar, half.Far, half.TrueAccepts, half.FalseAccepts, half.Unreachable));
    }

    [Fact]
    public void TarAtFar_ImpostorCountAtTheLimit_ReachableBelowItUnreachable()
    {
        var thousand = Enumerable.Range(0, 1000).Select(i => new ScoredPair(i, false, 0)).Append(new ScoredPair(5000, true, 0)).ToList();
        var r = VerificationEvaluator.TarAtFar(SortedScores.Create(thousand), 1e-3);
        Assert.False(r.Unreachable);
        Assert.Equal(1, r.MaxFalseAccepts); // 1e-3 x 1000 floors to 1, not 0, despite 1e-3's binary representation
        Assert.Equal(5000, r.Threshold); // the genuine alone already gives TAR 1: highest threshold with that TAR
        Assert.True(VerificationEvaluator.TarAtFar(SortedScores.Create(thousand.Skip(1).ToList()), 1e-3).Unreachable);
    }

    [Fact]
    public void Evaluate_TwoFolds_HandWorkedLfwProtocolWithSampleStd()
    {
        // Fold 0: genuine 0.9, 0.6; impostor 0.3, 0.15. Fold 1: genuine 0.8, 0.35; impostor 0.5, 0.1.
        // Threshold for fold 0 from fold 1 (ascending 0.1 I, 0.35 G, 0.5 I, 0.8 G): candidates below 2/4,
        //   0.225 3/4, 0.425 2/4, 0.65 3/4, above 2/4 -> tie 0.225 / 0.65, lower median 0.225.
        //   Fold 0 at 0.225: 0.9 ok, 0.6 ok, 0.3 accepted (wrong), 0.15 ok -> 0.75.
        // Threshold for fold 1 from fold 0 (0.15 I, 0.3 I, 0.6 G, 0.9 G): best 0.45 (4/4, unique).
        //   Fold 1 at 0.45: 0.8 ok, 0.35 rejected (wrong), 0.5 accepted (wrong), 0.1 ok -> 0.5.
        // Mean 0.625; sample std sqrt((0.125^2 + 0.125^2) / 1) = 0.1767767 (population would be 0.125).
        ScoredPair[] pairs =
        [
            new(0.9, true, 0), new(0.6, true, 0), new(0.3, false, 0), new(0.15, false, 0),
            new(0.8, true, 1), new(0.35, true, 1), new(0.5, false, 1), new(0.1, false, 1),
        ];
        var m = VerificationEvaluator.Evaluate(pairs);

        Assert.Equal(AccuracyProtocol.CrossValidated, m.AccuracyProtocol);
        Assert.Equal(0.225, m.FoldThresholds[0], Tol);
        Assert.Equal(0.45, m.FoldThresholds[1], Tol);
        Assert.Equal([0.75, 0.5], m.FoldAccuracies);
        Assert.Equal(0.625, m.Accuracy, Tol);
        Assert.Equal(Math.Sqrt(0.03125), m.AccuracyStd, Tol);
        Assert.Equal(0.3375, m.MeanFoldThreshold, Tol);
        Assert.Equal(0.75, m.Folds[0].TrainAccuracy, Tol);
        Assert.Equal(1.0, m.Folds[1].TrainAccuracy, Tol);
        Assert.Equal((8, 4, 4), (m.PairCount, m.GenuineCount, m.ImpostorCount));
    }

    [Fact]
    public void Evaluate_SingleFold_ReportsBestThresholdAccuracyAndSaysSo()
    {
        var m = VerificationEvaluator.Evaluate(Six);
        Assert.Equal(AccuracyProtocol.SingleFoldBestThreshold, m.AccuracyProtocol);
        Assert.Equal(5.0 / 6, m.Accuracy, Tol);
        Assert.Equal(0, m.AccuracyStd);
        Assert.Equal(0.4, m.BestThreshold, Tol);
        Assert.Equal(0.4, Assert.Single(m.FoldThresholds), Tol);
        Assert.Equal(VerificationEvaluator.DefaultFarTargets, m.TarAtFar.Select(t => t.TargetFar));
    }

    [Fact]
    public void Evaluate_AllScoresEqual_HalfAucHalfEerNoNaN()
    {
        // 3 genuine, 2 impostor, all 0.4: ROC inf (0, 0) -> 0.4 (1, 1); AUC = all ties = 0.5; FRR - FAR goes
        // 1 -> -1, alpha 1/2: EER 0.5 at 0.4. Best: accept all (3/5) beats reject all (2/5), threshold 0.4 - 1.
        var pairs = new[] { true, true, true, false, false }.Select((s, i) => new ScoredPair(0.4, s, i % 2)).ToList();
        var m = VerificationEvaluator.Evaluate(pairs);

        Assert.Equal(0.5, m.Auc!.Value, Tol);
        Assert.Equal(0.5, m.Eer!.Value, Tol);
        Assert.Equal(0.4, m.EerThreshold!.Value, Tol);
        Assert.Equal(0.4 - 1, m.BestThreshold, Tol);
        Assert.Equal(0.6, m.BestThresholdAccuracy, Tol);
        Assert.Equal(2, VerificationEvaluator.Roc(pairs).Count);
        AssertNoNaN(m);
    }

    [Fact]
    public void Evaluate_NoImpostors_UndefinedMetricsNullRatesFollowConvention()
    {
        var pairs = Enumerable.Range(0, 20).Select(i => new ScoredPair(i % 4, true, i % 10)).ToList();
        var m = VerificationEvaluator.Evaluate(pairs);

        Assert.Null(m.Auc);
        Assert.Null(m.Eer);
        Assert.Null(m.EerThreshold);
        Assert.Equal(1, m.Accuracy); // accept everything
        Assert.All(m.TarAtFar, t => Assert.True(t.Unreachable && t.Tar == 1 && t.Far == 0));
        Assert.Equal(0, VerificationEvaluator.AtThreshold(pairs, 2).Far);
        AssertNoNaN(m);
    }

    [Fact]
    public void Evaluate_NoGenuines_UndefinedMetricsNullRatesFollowConvention()
    {
        var pairs = Enumerable.Range(0, 20).Select(i => new ScoredPair(i % 4, false, i % 10)).ToList();
        var m = VerificationEvaluator.Evaluate(pairs);

        Assert.Null(m.Auc);
        Assert.Null(m.Eer);
        Assert.Equal(1, m.Accuracy); // reject everything
        Assert.All(m.TarAtFar, t => Assert.Equal(double.PositiveInfinity, t.Threshold));
        var c = VerificationEvaluator.AtThreshold(pairs, 10);
        Assert.Equal((0, 1.0, 1.0, 1.0), (c.Frr, c.Tar, c.Precision, c.F1)); // nothing to find, nothing accepted
        AssertNoNaN(m);
    }

    [Fact]
    public void Evaluate_InfiniteScores_NoNaN()
    {
        ScoredPair[] pairs =
        [
            new(double.PositiveInfinity, false, 0), new(double.NegativeInfinity, true, 0), new(1, true, 0), new(-1, false, 0),
            new(double.PositiveInfinity, true, 1), new(double.NegativeInfinity, false, 1), new(2, true, 1), new(0, false, 1),
        ];
        var m = VerificationEvaluator.Evaluate(pairs);
        AssertNoNaN(m);
        Assert.Equal(NaiveVerification.Auc(pairs)!.Value, m.Auc!.Value, Tol);
    }

    [Fact]
    public void Create_EmptyOrNaN_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => SortedScores.Create([]));
        Assert.Throws<ArgumentException>(() => VerificationEvaluator.Evaluate([new ScoredPair(double.NaN, true, 0)]));
        Assert.Throws<ArgumentException>(() => SortedScores.Create(Six).AtThreshold(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => VerificationEvaluator.TarAtFar(SortedScores.Create(Six), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => VerificationEvaluator.TarAtFar(SortedScores.Create(Six), 1.5));
    }

    [Fact]
    public void Midpoint_AdjacentDoubles_StaysAboveTheLowerScore()
    {
        var a = 1.0;
        var b = Math.BitIncrement(a);
        Assert.Equal(b, ThresholdSweep.Midpoint(a, b)); // (a + b) / 2 rounds to a; accept >= a would take a in
        Assert.Equal(0.5, ThresholdSweep.Midpoint(0, 1));
        Assert.Equal(0.875 * double.MaxValue, ThresholdSweep.Midpoint(0.75 * double.MaxValue, double.MaxValue)); // a + b overflows
    }

    private static void AssertNoNaN(VerificationMetrics m)
    {
        double[] values =
        [
            m.Auc ?? 0, m.Eer ?? 0, m.EerThreshold ?? 0, m.Accuracy, m.AccuracyStd, m.MeanFoldThreshold, m.BestThreshold,
            m.BestThresholdAccuracy, .. m.FoldAccuracies, .. m.FoldThresholds, .. m.Folds.Select(f => f.TrainAccuracy),
            .. m.TarAtFar.SelectMany(t => new[] { t.Threshold, t.Far, t.Tar }),
        ];
        Assert.DoesNotContain(values, double.IsNaN);
    }
}

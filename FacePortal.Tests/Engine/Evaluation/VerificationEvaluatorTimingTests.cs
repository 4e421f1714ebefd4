using System.Diagnostics;
using FacePortal.Engine.Evaluation;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Evaluation;

/// <summary>
/// Prints the cost of a full evaluation of 1,000,000 pairs (sort, ROC, AUC, EER, TAR@FAR, 10-fold protocol,
/// chart downsampling). No time bound is asserted: shared CI machines vary. Measure with
/// dotnet test FacePortal.Tests -c Release --filter FullyQualifiedName~VerificationEvaluatorTimingTests.
/// </summary>
public class VerificationEvaluatorTimingTests(ITestOutputHelper output)
{
    [Fact]
    public void Evaluate_OneMillionPairs_PrintsTiming()
    {
        const int n = 1_000_000;
        var rng = new Random(123);
        var pairs = new ScoredPair[n];
        for (var i = 0; i < n; i++)
        {
            var same = rng.Next(2) == 0;
            // Normal scores, genuines 2 sigma higher; float rounding leaves some ties.
            var gauss = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            pairs[i] = new ScoredPair((float)(gauss + (same ? 2 : 0)), same, i % 10);
        }

        // Warm-up on a smaller set (large enough for the radix sort path) so JIT time is not counted.
        VerificationEvaluator.Evaluate(pairs[..10_000]);

        var total = Stopwatch.StartNew();
        var sw = Stopwatch.StartNew();
        var sorted = SortedScores.Create(pairs);
        var sortMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var metrics = VerificationEvaluator.Evaluate(sorted);
        var evaluateMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var roc = VerificationEvaluator.Roc(sorted);
        var chart = RocDownsampler.Downsample(roc);
        var rocMs = sw.Elapsed.TotalMilliseconds;
        var totalMs = total.Elapsed.TotalMilliseconds;
        sw.Restart();
        for (var i = 0; i < 10_000; i++)
        {
            sorted.AtThreshold(i * 1e-3);
        }

        var atThresholdUs = sw.Elapsed.TotalMilliseconds * 1000 / 10_000;

        output.WriteLine($"{n:N0} pairs, {sorted.DistinctScoreCount:N0} distinct scores: total {totalMs:F0} ms = sort {sortMs:F0} ms"
            + $" + Evaluate (AUC, EER, TAR@FAR x6, best threshold, 10-fold) {evaluateMs:F0} ms + ROC {roc.Count:N0} points and downsample to {chart.Count} {rocMs:F0} ms;"
            + $" AtThreshold {atThresholdUs:F2} us");
        output.WriteLine($"AUC {metrics.Auc:F5}, EER {metrics.Eer:F5}, 10-fold accuracy {metrics.Accuracy:F5} +- {metrics.AccuracyStd:F5}");

        // Two unit-variance normals 2 apart: AUC = Phi(2 / sqrt 2) = 0.9214, best accuracy Phi(1) = 0.8413.
        Assert.Equal(0.9214, metrics.Auc!.Value, 2);
        Assert.Equal(0.8413, metrics.Accuracy, 2);
        Assert.Equal(10, metrics.Folds.Count);
    }
}

using System.Diagnostics;
using FacePortal.Engine.Recognition;
using FacePortal.Web.Features.Evaluations;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Features.Evaluations;

/// <summary>
/// What the result page costs for 1,000,000 scored pairs: the snapshot's sort, every metric, the five chart series
/// and a threshold move. Prints the timings; asserts only the chart budget (shared machines vary in speed).
/// </summary>
public class EvaluationScoresTimingTests(ITestOutputHelper output)
{
    [Fact]
    public void Snapshot_OneMillionPairs_PrintsTimingAndKeepsChartsSmall()
    {
        const int n = 1_000_000;
        var random = new Random(5);
        var ids = new int[n];
        var scores = new double[n];
        var same = new bool[n];
        var folds = new int[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = i;
            same[i] = random.Next(2) == 0;
            var gauss = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            scores[i] = (float)(gauss + (same[i] ? 2 : 0));
            folds[i] = i % 10;
        }

        var clock = Stopwatch.StartNew();
        var snapshot = new EvaluationScores(ids, scores, same, folds, new bool[n]);
        var sortMs = clock.Elapsed.TotalMilliseconds;
        var metrics = snapshot.Metrics!;
        var metricsMs = clock.Elapsed.TotalMilliseconds - sortMs;
        var roc = EvaluationCharts.Roc("r", snapshot);
        var det = EvaluationCharts.Det("d", snapshot);
        var (fmr, fnmr) = EvaluationCharts.RatesByThreshold(snapshot);
        var (genuine, impostor) = EvaluationCharts.Histograms(snapshot);
        var chartsMs = clock.Elapsed.TotalMilliseconds - sortMs - metricsMs;
        var report = ThresholdReport.At(snapshot.Sorted!, metrics.BestThreshold, DistanceMetric.Euclidean);
        output.WriteLine($"1M pairs: sort {sortMs:F0} ms, metrics {metricsMs:F0} ms, charts {chartsMs:F0} ms; accuracy {metrics.Accuracy:P2}, FAR at best {report.Far.Rate:P2}");

        Assert.All(new[] { roc, det, fmr, fnmr }, s => Assert.InRange(s.X.Count, 100, 2000));
        Assert.Equal(EvaluationCharts.HistogramBins, genuine.X.Count);
        Assert.Equal(1.0, genuine.Y.Sum(), 6);
        Assert.Equal(1.0, impostor.Y.Sum(), 6);
        Assert.Equal(n, report.Confusion.Count);
    }
}

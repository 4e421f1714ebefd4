using System.Diagnostics;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Evaluation.Standards;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Evaluation.Standards;

/// <summary>
/// The subject bootstrap at the size the standards issue names: 1,000,000 pairs over 5,749 subjects (LFW's count),
/// 1,000 resamples. Printed, not asserted; the full evaluation of the same pairs is the reference in the same
/// process. Run: dotnet test FacePortal.sln -c Release --filter FullyQualifiedName~SubjectBootstrapBenchmarks
/// </summary>
[Trait("Category", "Benchmark")]
public class SubjectBootstrapBenchmarks(ITestOutputHelper output)
{
    [Fact]
    public void Run_OneMillionPairs_ThousandResamples_PrintsTiming()
    {
        const int n = 1_000_000;
        const int subjects = 5749;
        var random = new Random(7);
        var pairs = new SubjectPair[n];
        for (var i = 0; i < n; i++)
        {
            var same = random.Next(2) == 0;
            var a = random.Next(subjects);
            var b = same ? a : (a + 1 + random.Next(subjects - 1)) % subjects;
            var gauss = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            pairs[i] = new SubjectPair((float)(gauss + (same ? 2 : 0)), same, a, b);
        }
        var scored = pairs.Select(p => new ScoredPair(p.Score, p.Same, 0)).ToArray();
        SubjectBootstrap.Run(pairs[..10_000], 1, [1e-3], 10); // JIT warm-up

        var bootstrap = new List<double>();
        var reference = new List<double>();
        SubjectBootstrapResult? last = null;
        for (var run = 0; run < 3; run++)
        {
            var sw = Stopwatch.StartNew();
            VerificationEvaluator.Evaluate(scored);
            reference.Add(sw.Elapsed.TotalSeconds);
            last = SubjectBootstrap.Run(pairs, 1, [1e-3, 1e-2], 1000, seed: run);
            bootstrap.Add(last.Elapsed.TotalSeconds);
        }
        double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        output.WriteLine($"subject bootstrap, 1,000,000 pairs, {subjects} subjects, 1,000 resamples: median {Median(bootstrap):F2} s over 3 runs " +
            $"({string.Join(", ", bootstrap.Select(s => s.ToString("F2")))}); one full evaluation of the same pairs (reference): median {Median(reference):F3} s; " +
            $"ratio {Median(bootstrap) / Median(reference):F0}x; {Environment.ProcessorCount} cores");
        output.WriteLine($"AUC {last!.Auc!.Estimate:F4} [{last.Auc.Lower:F4}, {last.Auc.Upper:F4}], FMR {last.Fmr.Estimate:E2} [{last.Fmr.Lower:E2}, {last.Fmr.Upper:E2}]");
        Assert.Equal(1000, last.Resamples);

        // The job's shape: the report threshold plus a curve of 24 thresholds (FMR 1e-1..1e-6, EER, 16 quantiles, ...)
        // from the same resamples, against 25 separate bootstraps (what the job did before), timed on one of them.
        var grid = Enumerable.Range(1, 24).Select(q => -1.0 + (q * 0.2)).ToArray();
        var curve = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var sw = Stopwatch.StartNew();
            var withCurve = SubjectBootstrap.RunWithCurve(pairs, 1, [1e-3, 1e-2], grid, 1000, seed: run);
            curve.Add(sw.Elapsed.TotalSeconds);
            Assert.Equal(grid.Length, withCurve.Curve.Count);
        }
        output.WriteLine($"report threshold + 24-threshold curve in one bootstrap: median {Median(curve):F2} s " +
            $"({string.Join(", ", curve.Select(s => s.ToString("F2")))}); 25 separate bootstraps would take about {25 * Median(bootstrap):F0} s; " +
            $"ratio to one plain bootstrap {Median(curve) / Median(bootstrap):F2}x");
    }
}

using System.Diagnostics;
using FacePortal.Engine.Evaluation.Standards;
using FacePortal.Web.Features.Evaluations;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Features.Evaluations;

/// <summary>
/// What an evaluation job spends on its report card at 1,000,000 comparisons over 5,749 subjects (LFW's count), with
/// the default options (1,000 resamples, 16 curve quantiles): the job's own calculator, timed, against one plain
/// subject bootstrap at one threshold on the same pairs in the same process (the reference).
/// Run: dotnet test FacePortal.Tests/FacePortal.Tests.csproj -c Release --filter FullyQualifiedName~EvaluationStandardsCalculatorBenchmarks --logger "console;verbosity=detailed"
/// </summary>
[Trait("Category", "Benchmark")]
public class EvaluationStandardsCalculatorBenchmarks(ITestOutputHelper output)
{
    [Fact]
    public async Task ComputeAsync_OneMillionPairs_PrintsTiming()
    {
        const int n = 1_000_000;
        const int subjects = 5749;
        var random = new Random(11);
        var pairs = new StandardsPair[n];
        for (var i = 0; i < n; i++)
        {
            var same = random.Next(2) == 0;
            var a = random.Next(subjects);
            var b = same ? a : (a + 1 + random.Next(subjects - 1)) % subjects;
            var gauss = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            pairs[i] = new StandardsPair((float)(gauss + (same ? 3 : 0)), same, Missing: false, a, b);
        }
        var images = Enumerable.Range(0, subjects * 2).Select(i => new StandardsImage(i, i / 2, $"image {i}", null)).ToArray();
        var subjectPairs = pairs.Select(p => new SubjectPair(p.Score, p.Same, p.SubjectA, p.SubjectB)).ToArray();
        var options = new EvaluationOptions();
        SubjectBootstrap.Run(subjectPairs[..10_000], 1, [1e-3], 10); // JIT warm-up

        var job = new List<double>();
        var reference = new List<double>();
        EvaluationStandards? last = null;
        var thresholds = 0;
        for (var run = 0; run < 3; run++)
        {
            var sw = Stopwatch.StartNew();
            SubjectBootstrap.Run(subjectPairs, 1.5, [], options.BootstrapResamples, run);
            reference.Add(sw.Elapsed.TotalSeconds);
            sw.Restart();
            last = await EvaluationStandardsCalculator.ComputeAsync(pairs, images, options, DateTimeOffset.UnixEpoch,
                (count, _) => { thresholds = count; return Task.CompletedTask; }, CancellationToken.None);
            job.Add(sw.Elapsed.TotalSeconds);
        }
        double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        output.WriteLine($"report card of 1,000,000 pairs ({subjects} subjects, {options.BootstrapResamples:N0} resamples, report threshold + {thresholds} curve thresholds): " +
            $"median {Median(job):F2} s over 3 runs ({string.Join(", ", job.Select(s => s.ToString("F2")))}); one plain bootstrap at one threshold (reference): " +
            $"median {Median(reference):F2} s; ratio {Median(job) / Median(reference):F2}x; {Environment.ProcessorCount} cores");
        output.WriteLine($"threshold {last!.Threshold:F4} ({last.ThresholdRule}); FNMR {last.Bootstrap!.Fnmr.Estimate:P3} [{last.Bootstrap.Fnmr.Lower:P3}, {last.Bootstrap.Fnmr.Upper:P3}]");
        Assert.Equal(thresholds, last.Curve.Count);
    }
}

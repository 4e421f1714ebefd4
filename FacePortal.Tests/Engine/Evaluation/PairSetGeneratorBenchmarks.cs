using System.Diagnostics;
using FacePortal.Engine.Evaluation;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Evaluation;

/// <summary>How long drawing a set at the configured maximum (1,000,000 pairs) takes; figures to the test output.</summary>
[Trait("Category", "Benchmark")]
public class PairSetGeneratorBenchmarks(ITestOutputHelper output)
{
    [BenchmarkFact]
    public void Generate_MillionPairs_RandomMatchedRelated()
    {
        // 10,000 identities of 20 images (1.9 M genuine pairs available), tagged with a sex and, in fives, a family.
        var images = Enumerable.Range(0, 200_000)
            .Select(i => new PairSourceImage(i + 1, i / 20, null, ["sex:" + (i / 20 % 2), "family:" + (i / 100)]))
            .ToList();
        foreach (var (sampling, prefix) in new[] { (NegativeSampling.Random, (string?)null), (NegativeSampling.Matched, "sex:"), (NegativeSampling.Related, null) })
        {
            var options = new PairSetGenerator.Options(500_000, 500_000, 10, 1, int.MaxValue, 1, sampling, false, TagPrefix: prefix);
            var times = new List<double>();
            var count = 0;
            for (var run = 0; run < 3; run++)
            {
                var clock = Stopwatch.StartNew();
                count = PairSetGenerator.Generate(images, options).Count;
                times.Add(clock.Elapsed.TotalSeconds);
            }
            output.WriteLine($"{sampling}: {count:N0} pairs, median {times.Order().ElementAt(1):F2} s ({string.Join(", ", times.Select(t => t.ToString("F2")))})");
        }
    }
}

using System.Diagnostics;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Search;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Search;
using FacePortal.Web.Features.Verification;
using FacePortal.Web.Platform.Analysis;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Features.Verification;

/// <summary>Latency of verification and of 1:N search; figures go to the test output (scripts/bench-verify.sh prints them).</summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Benchmark")]
public class VerificationBenchmarks(EngineFixture fixture, ITestOutputHelper output)
{
    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    [BenchmarkFact]
    public async Task Verify_Two250x250Images_MedianLatency()
    {
        var (a, b) = Directory.Exists(VerifyImages.LfwImages)
            ? (VerifyImages.LfwInput("Colin_Powell", 1), VerifyImages.LfwInput("Colin_Powell", 2))
            : (VerifyImages.DemoInput(2), VerifyImages.DemoInput(3));
        // The default threshold comes from the database's operating points: an empty real one here.
        using var database = new PortalTestDatabase();
        var service = new VerificationService(new FaceAnalyzer(_ => Task.FromResult(fixture.Engine)), database, new GalleryImageLoader(database, database.Images));
        for (var i = 0; i < 5; i++)
        {
            await service.VerifyAsync(a, b, new VerifyOptions(), CancellationToken.None);
        }
        var runs = new List<VerificationResult>();
        var wall = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var start = Stopwatch.GetTimestamp();
            runs.Add(await service.VerifyAsync(a, b, new VerifyOptions(), CancellationToken.None));
            wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        output.WriteLine($"BENCH verify {a.Name} vs {b.Name} ({Environment.ProcessorCount} cores, {fixture.Engine.ExecutionProvider}), 50 runs after 5 warm-up:");
        output.WriteLine($"BENCH verify median {Median(wall):F1} ms, p95 {Percentile(wall, 0.95):F1} ms, min {wall.Min():F1} ms");
        output.WriteLine($"BENCH verify stages median ms: decode {Median(runs.Select(r => r.Milliseconds.Decode).ToList()):F1}, detect {Median(runs.Select(r => r.Milliseconds.Detect).ToList()):F1}, " +
            $"landmarks {Median(runs.Select(r => r.Milliseconds.Landmarks).ToList()):F1}, embed {Median(runs.Select(r => r.Milliseconds.Embed).ToList()):F1}");
    }

    [BenchmarkFact]
    public void Identify_100000Descriptors_ExactAndApproximate()
    {
        // Face-like data: 25,000 identities of 4 images (128-d), probes are fresh images of gallery identities.
        const int identities = 25_000;
        var (data, labels) = RandomDescriptors.Clustered(identities, perIdentity: 4, dimensions: 128, seed: 21);
        var (probes, _) = RandomDescriptors.Clustered(identities, perIdentity: 1, dimensions: 128, seed: 21);
        var build = Stopwatch.StartNew();
        using var index = new GalleryIndex(1, "bench", "bench", DistanceMetric.Euclidean, 128,
            data.Select((d, r) => new GalleryIndexRow(r, r, labels[r], $"p{labels[r]}", "h", d)).ToList());
        output.WriteLine($"BENCH index {index.Count} descriptors, {index.IdentityCount} identities, built in {build.ElapsedMilliseconds} ms");

        var queries = Enumerable.Range(0, 100).Select(i => probes[i * 97 % probes.Length]).ToList();
        for (var i = 0; i < 5; i++)
        {
            index.Identify(queries[i], 10, IdentityScoring.BestImage);
        }
        var exactTop = new List<double>();
        var exactIdentify = new List<double>();
        var centroid = new List<double>();
        var exactAnswers = new List<int[]>();
        foreach (var q in queries)
        {
            var start = Stopwatch.GetTimestamp();
            exactAnswers.Add(index.SearchExact(q, 10).Select(n => n.Row).ToArray());
            exactTop.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            index.Identify(q, 10, IdentityScoring.BestImage);
            exactIdentify.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            index.Identify(q, 10, IdentityScoring.Centroid);
            centroid.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        output.WriteLine($"BENCH exact top-10 rows: median {Median(exactTop):F2} ms, p95 {Percentile(exactTop, 0.95):F2} ms ({queries.Count} probes)");
        output.WriteLine($"BENCH exact identify best-image k=10: median {Median(exactIdentify):F2} ms; centroid ({index.IdentityCount} centroids): median {Median(centroid):F2} ms");

        var options = new IdentificationOptions();
        build.Restart();
        var approximate = ApproximateIndex.Build(index, options.ApproximateIndex(), CancellationToken.None);
        index.AttachApproximate(approximate);
        output.WriteLine($"BENCH approximate (USearch HNSW M={options.Connectivity}, ef_add={options.ExpansionAdd}, ef_search={options.ExpansionSearch}) built in {build.Elapsed.TotalSeconds:F1} s; " +
            $"leave-one-out recall@10 {approximate.RecallAt10:F4} ({approximate.RecallQueries} gallery rows)");
        var approxTop = new List<double>();
        var approxIdentify = new List<double>();
        double hits = 0;
        for (var i = 0; i < queries.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var found = index.Search(queries[i], 10);
            approxTop.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            hits += found.Count(n => exactAnswers[i].Contains(n.Row)) / 10.0;
            start = Stopwatch.GetTimestamp();
            index.Identify(queries[i], 10, IdentityScoring.BestImage);
            approxIdentify.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        output.WriteLine($"BENCH approximate top-10 rows: median {Median(approxTop):F3} ms, p95 {Percentile(approxTop, 0.95):F3} ms; recall@10 vs exact on fresh probes {hits / queries.Count:F4}");
        output.WriteLine($"BENCH approximate identify best-image k=10 (100 nearest rows grouped): median {Median(approxIdentify):F3} ms");

        // The hardest case for HNSW: uniform noise, no cluster structure at all.
        var uniform = RandomDescriptors.Uniform(100_000, 128, seed: 3);
        using var flat = new GalleryIndex(2, "u", "u", DistanceMetric.Euclidean, 128,
            uniform.Select((d, r) => new GalleryIndexRow(r, r, r, "u", "h", d)).ToList());
        build.Restart();
        using var flatApproximate = ApproximateIndex.Build(flat, options.ApproximateIndex(), CancellationToken.None);
        output.WriteLine($"BENCH uniform-noise 100,000 x 128: approximate built in {build.Elapsed.TotalSeconds:F1} s, leave-one-out recall@10 {flatApproximate.RecallAt10:F4}");
    }
}

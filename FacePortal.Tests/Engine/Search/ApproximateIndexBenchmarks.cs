using System.Diagnostics;
using System.Globalization;
using Cloud.Unum.USearch;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Search;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Search;

/// <summary>
/// HNSW build time (scripts/bench-hnsw-build.sh): the USearch binding's one-row-at-a-time Add (which grows the
/// capacity by one row per call) as the reference, against <see cref="ApproximateIndex.Build"/> (capacity reserved
/// once, rows added on every core), same rows and settings, then the build alone at a larger size. Printed, not asserted.
/// </summary>
[Trait("Category", "Benchmark")]
public class ApproximateIndexBenchmarks(ITestOutputHelper output)
{
    [BenchmarkFact]
    public void Build_ReservedAndParallel_AgainstTheBindingsRowByRowAdd()
    {
        var reference = Env("BENCH_HNSW_REFERENCE_ROWS", 20_000);
        var rows = Env("BENCH_HNSW_ROWS", 100_000);
        var options = ApproximateIndexOptions.Default with { RecallSample = 0 };
        using var small = Gallery(reference);
        var old = new List<double>();
        var now = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            old.Add(Time(() => RowByRow(small, options)));
            now.Add(Time(() => ApproximateIndex.Build(small, options, CancellationToken.None).Dispose()));
        }
        output.WriteLine($"BENCH hnsw rows={reference} binding_row_by_row_s={Median(old):F2} build_s={Median(now):F2} ratio={Median(old) / Median(now):F1} runs=3 load={Load()}");
        using var large = Gallery(rows);
        var times = Enumerable.Range(0, 3).Select(_ => Time(() => ApproximateIndex.Build(large, options, CancellationToken.None).Dispose())).ToList();
        output.WriteLine($"BENCH hnsw rows={rows} build_s={Median(times):F2} (runs {string.Join('/', times.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))}) threads={options.BuildThreads} load={Load()}");
    }

    // What ApproximateIndex.Build did before: the binding's Add(key, vector), row after row.
    private static void RowByRow(GalleryIndex gallery, ApproximateIndexOptions o)
    {
        using var index = new USearchIndex(MetricKind.L2sq, ScalarKind.Float32, (ulong)gallery.Dimensions, (ulong)o.Connectivity, (ulong)o.ExpansionAdd, (ulong)o.ExpansionSearch);
        var buffer = new float[gallery.Dimensions];
        for (var r = 0; r < gallery.Count; r++)
        {
            gallery.Row(r).CopyTo(buffer);
            index.Add((ulong)r, buffer);
        }
    }

    private static GalleryIndex Gallery(int rows)
    {
        var (data, labels) = RandomDescriptors.Clustered(identities: rows / 10, perIdentity: 10, dimensions: 128, seed: rows);
        return new GalleryIndex(1, "t", "s", DistanceMetric.Euclidean, 128, data.Select((d, r) => new GalleryIndexRow(r, r, labels[r], "p", "h", d)).ToList());
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Load() => string.Join('/', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;
}

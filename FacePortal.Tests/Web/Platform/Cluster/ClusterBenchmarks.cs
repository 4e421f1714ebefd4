using System.Diagnostics;
using System.Globalization;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Search;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Cluster;
using FacePortal.Web.Platform.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Platform.Cluster;

/// <summary>
/// Embedded vs silo processes on this machine (scripts/bench-cluster.sh): for each gallery size (BENCH_ROWS, default
/// 100000) of real face-api descriptors of LFW images plus random ones of the same norm, p50/p95 and queries/s of
/// top-10 best-image search, memory per silo, shard load time and recall@10 against exact search; then with 3 silos,
/// one SIGKILLed under query load: failed queries, the slowest answer, and how long answers stayed partial.
/// Figures are printed as "BENCH ..." lines, not asserted, except that no query may fail.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(EngineCollection.Name)]
public sealed class ClusterBenchmarks(EngineFixture engine, ITestOutputHelper output)
{
    private const string Signature = "bench";
    private static readonly int Shards = Env("BENCH_SHARDS", 8);
    private static readonly int Queries = Env("BENCH_QUERIES", 200);
    private static readonly int Port = Env("BENCH_PORT", 21111);

    // The embedded service's p50/p95 at the current size: the reference the cluster rows are divided by (same process, same minutes).
    private (double P50, double P95) _embedded;

    [BenchmarkFact]
    public async Task Search_EmbeddedVsSiloProcesses_AndASiloKilledUnderLoad()
    {
        var real = await RealDescriptorsAsync(Env("BENCH_LFW", 400));
        var sizes = (Environment.GetEnvironmentVariable("BENCH_ROWS") ?? "100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture));
        var silos = (Environment.GetEnvironmentVariable("BENCH_SILOS") ?? "1,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var approximateAbove = Env("BENCH_APPROXIMATE_ABOVE", 50_000);
        foreach (var rows in sizes)
        {
            await using var database = await PortalTestDatabase.CreateAsync();
            var (gallery, probes) = await SeedAsync(database, real, rows);
            var exact = await EmbeddedAsync(database, gallery, probes, rows, approximateAbove);
            // Shard snapshots per run, "off,on,on": the first "on" run reads the database and writes them (a kill then
            // reloads from them), a second starts from them.
            var snapshots = (Environment.GetEnvironmentVariable("BENCH_SNAPSHOTS") ?? "on").Split(',').Select(s => s.Trim() == "on").ToList();
            Directory.CreateDirectory(Path.Combine(database.Folder, "shards"));
            Directory.Delete(Path.Combine(database.Folder, "shards"), recursive: true);
            // HNSW ef_search per shard, per run ("512,0": the first run at 512, the next at the default, ExpansionSearch / shards).
            var shardEf = (Environment.GetEnvironmentVariable("BENCH_SHARD_EF") ?? "0").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
            foreach (var count in silos)
            {
                for (var run = 0; run < snapshots.Count; run++)
                {
                    await ClusterAsync(database, gallery, probes, exact, rows, count, approximateAbove, snapshots[run], shardEf[Math.Min(run, shardEf.Count - 1)],
                        kill: count == 3 && Environment.GetEnvironmentVariable("BENCH_KILL") != "0");
                }
            }
        }
    }

    private async Task<IReadOnlyList<IdentityCandidate>[]> EmbeddedAsync(PortalTestDatabase database, GallerySearch gallery, List<float[]> probes, int rows, int approximateAbove)
    {
        using var cache = new GalleryIndexCache(database, Microsoft.Extensions.Options.Options.Create(new IdentificationOptions { ApproximateAbove = approximateAbove }),
            NullLogger<GalleryIndexCache>.Instance);
        var clock = Stopwatch.StartNew();
        var index = await cache.GetAsync(gallery.GalleryId, gallery.Signature, gallery.Metric, gallery.Dimensions, CancellationToken.None);
        Print($"rows={rows} embedded load_s={clock.Elapsed.TotalSeconds:F1} managed_mb={GC.GetTotalMemory(false) / 1e6:F0}");
        var exact = probes.Select(p => index.Identify(p, 10, IdentityScoring.BestImage, allowApproximate: false)).ToArray();
        await Latency($"rows={rows} embedded exact", probes, p => Task.FromResult(index.Identify(p, 10, IdentityScoring.BestImage, allowApproximate: false)));
        if (approximateAbove > 0 && rows >= approximateAbove)
        {
            clock.Restart();
            while (index.Approximate is null)
            {
                await Task.Delay(200);
            }
            Print($"rows={rows} embedded approximate_build_s={clock.Elapsed.TotalSeconds:F1}");
            var answers = await Latency($"rows={rows} embedded approximate", probes, p => Task.FromResult(index.Identify(p, 10, IdentityScoring.BestImage)));
            Print($"rows={rows} embedded approximate recall@10={Recall(exact, answers):F4}");
        }
        // As the portal calls it: with the gallery's version read per query, as the cluster search does.
        var service = new EmbeddedFaceSearch(cache);
        await Latency($"rows={rows} embedded service", probes, async p => (await service.IdentifyAsync(gallery, p, 10, IdentityScoring.BestImage, CancellationToken.None)).Candidates,
            (p50, p95) => _embedded = (p50, p95));
        return exact;
    }

    private async Task ClusterAsync(PortalTestDatabase database, GallerySearch gallery, List<float[]> probes, IReadOnlyList<IdentityCandidate>[] exact,
        int rows, int count, int approximateAbove, bool snapshots, int shardEf, bool kill)
    {
        var processes = new List<SiloProcess>();
        var environment = new Dictionary<string, string>
        {
            ["FACEPORTAL_FacePortal__Identification__ApproximateAbove"] = approximateAbove.ToString(CultureInfo.InvariantCulture),
            ["FACEPORTAL_FacePortal__Cluster__Snapshots"] = snapshots ? "true" : "false",
            ["FACEPORTAL_FacePortal__Cluster__ShardExpansionSearch"] = shardEf.ToString(CultureInfo.InvariantCulture),
        };
        var files = Directory.Exists(Path.Combine(database.Folder, "shards")) ? Directory.GetFiles(Path.Combine(database.Folder, "shards")).Length : 0;
        Print($"rows={rows} silos={count} snapshots={(snapshots ? "on" : "off")} shard_ef={(shardEf > 0 ? shardEf.ToString(CultureInfo.InvariantCulture) : "default")} snapshot_files_at_start={files}");
        try
        {
            for (var s = 0; s < count; s++)
            {
                processes.Add(await SiloProcess.StartAsync(database.Folder, Port + s, Port + 10_000 + s, Port, environment));
            }
            var options = new ClusterHostOptions { SiloPort = Port, PrimarySiloPort = Port, GatewayPorts = [.. Enumerable.Range(0, count).Select(s => Port + 10_000 + s)] };
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.UseOrleansClient(c => c.ConfigureSearchClient(options));
            using var client = builder.Build();
            await client.StartAsync();
            var grains = client.Services.GetRequiredService<IGrainFactory>();
            var search = new ClusterFaceSearch(grains, database,
                new GalleryIndexCache(database, Microsoft.Extensions.Options.Options.Create(new IdentificationOptions()), NullLogger<GalleryIndexCache>.Instance),
                Microsoft.Extensions.Options.Options.Create(new SearchOptions { Mode = SearchMode.Cluster, Shards = Shards, DeadlineMilliseconds = 1000 }),
                Microsoft.Extensions.Options.Options.Create(new IdentificationOptions { ApproximateAbove = approximateAbove }), NullLogger<ClusterFaceSearch>.Instance);

            var clock = Stopwatch.StartNew();
            await search.WarmAsync(gallery, CancellationToken.None);
            while ((await search.IdentifyAsync(gallery, probes[0], 10, IdentityScoring.BestImage, CancellationToken.None)).Partial)
            {
                await Task.Delay(100);
            }
            var load = clock.Elapsed.TotalSeconds;
            var approximate = approximateAbove > 0 && rows / Shards >= approximateAbove;
            // Every shard's graph, not the first: an answer is marked approximate as soon as one shard's is, and shards
            // still scanning exactly would lift the recall and change the latency measured below.
            ShardState[] states;
            while (true)
            {
                states = await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => grains.GetGrain<IShardGrain>(ShardKey.For(gallery, s, Shards).ToString()).StateAsync()));
                if (!approximate || states.All(s => s.Approximate))
                {
                    break;
                }
                await Task.Delay(500);
            }
            Print($"rows={rows} silos={count} snapshots={(snapshots ? "on" : "off")} shards={Shards} load_s={load:F1} approximate_ready_s={clock.Elapsed.TotalSeconds:F1} shards_per_silo={string.Join("/", states.GroupBy(s => s.Silo).Select(g => g.Count()))}");
            // Warm-up: the first queries in fresh processes pay for JIT.
            foreach (var p in probes.Take(20))
            {
                await search.IdentifyAsync(gallery, p, 10, IdentityScoring.BestImage, CancellationToken.None);
            }
            var answers = await Latency($"rows={rows} silos={count}", probes, async p => (await search.IdentifyAsync(gallery, p, 10, IdentityScoring.BestImage, CancellationToken.None)).Candidates,
                (p50, p95) => Print($"rows={rows} silos={count} vs_embedded_service p50_ratio={p50 / _embedded.P50:F2} p95_ratio={p95 / _embedded.P95:F2}"));
            Print($"rows={rows} silos={count} recall@10_vs_exact={Recall(exact, answers):F4} rss_mb_per_silo={string.Join("/", processes.Select(p => p.RssMegabytes()))}");
            await ProfileAsync(search, database, gallery, probes, rows, count);
            if (kill)
            {
                await KillUnderLoadAsync(search, gallery, probes, processes[^1], rows, snapshots);
            }
            await client.StopAsync();
        }
        finally
        {
            foreach (var p in processes)
            {
                await p.DisposeAsync();
            }
        }
    }

    // Where a query's time goes: the version read (the portal's database), then the coordinator ask (fan-out, shard
    // searches, merge, hops), with the shards' own search times (slowest, and summed: the CPU the query costs in graphs).
    private async Task ProfileAsync(ClusterFaceSearch search, PortalTestDatabase database, GallerySearch gallery, List<float[]> probes, int rows, int count)
    {
        var read = new List<double>();
        var ask = new List<double>();
        var slowest = new List<double>();
        var sum = new List<double>();
        foreach (var p in probes)
        {
            var clock = Stopwatch.StartNew();
            GalleryVersion version;
            await using (var db = database.CreateDbContext())
            {
                version = (await GalleryVersion.ReadAsync(db, gallery.GalleryId, gallery.Signature, CancellationToken.None))!;
            }
            read.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            var answer = await search.AskAsync(new ClusterQuery(GallerySearchKey.Of(gallery), Shards, version,
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(p.AsSpan()).ToArray(), 10, IdentityScoring.BestImage, 1000), CancellationToken.None);
            ask.Add(clock.Elapsed.TotalMilliseconds);
            slowest.Add(answer.SlowestShardMilliseconds);
            sum.Add(answer.ShardMillisecondsSum);
        }
        Print($"rows={rows} silos={count} profile_p50_ms version_read={Percentile(read, 0.5):F2} coordinator_ask={Percentile(ask, 0.5):F2} " +
              $"slowest_shard_search={Percentile(slowest, 0.5):F2} shard_searches_summed={Percentile(sum, 0.5):F2} load={Load()}");
    }

    // Two query loops for 25 s; the last silo (never the primary, which holds the membership table) is SIGKILLed at 5 s.
    private async Task KillUnderLoadAsync(ClusterFaceSearch search, GallerySearch gallery, List<float[]> probes, SiloProcess victim, int rows, bool snapshots)
    {
        var clock = Stopwatch.StartNew();
        var log = new System.Collections.Concurrent.ConcurrentBag<(double At, double Ms, bool Partial, double Searched, bool Failed, bool Empty)>();
        var killedAt = 0.0;
        async Task Loop(int offset)
        {
            for (var i = offset; clock.Elapsed.TotalSeconds < 25; i++)
            {
                var start = clock.Elapsed.TotalMilliseconds;
                try
                {
                    var a = await search.IdentifyAsync(gallery, probes[i % probes.Count], 10, IdentityScoring.BestImage, CancellationToken.None);
                    log.Add((start / 1000, clock.Elapsed.TotalMilliseconds - start, a.Partial, a.SearchedFraction, false, a.Candidates.Count == 0));
                }
                catch (Exception)
                {
                    log.Add((start / 1000, clock.Elapsed.TotalMilliseconds - start, true, 0, true, true));
                }
            }
        }
        var loops = new[] { Task.Run(() => Loop(0)), Task.Run(() => Loop(7)) };
        await Task.Delay(5000);
        killedAt = clock.Elapsed.TotalSeconds;
        victim.Kill();
        await Task.WhenAll(loops);
        var after = log.Where(l => l.At >= killedAt).ToList();
        var partial = after.Where(l => l.Partial).ToList();
        var lastPartial = partial.Count > 0 ? partial.Max(l => l.At) - killedAt : 0;
        var firstPartial = partial.Count > 0 ? partial.Min(l => l.At) - killedAt : 0;
        Print($"rows={rows} snapshots={(snapshots ? "on" : "off")} kill queries={log.Count} failed={log.Count(l => l.Failed)} max_ms={log.Max(l => l.Ms):F0} p95_ms_after_kill={Percentile(after.Select(l => l.Ms), 0.95):F1} " +
              $"partial={partial.Count} empty={log.Count(l => l.Empty && !l.Failed)} first_partial_s={firstPartial:F1} full_again_after_s={lastPartial:F1} min_searched={(after.Count > 0 ? after.Min(l => l.Searched) : 1):F2} load={Load()}");
        Assert.Equal(0, log.Count(l => l.Failed));
    }

    private async Task<List<IReadOnlyList<IdentityCandidate>>> Latency(string label, List<float[]> probes, Func<float[], Task<IReadOnlyList<IdentityCandidate>>> query,
        Action<double, double>? percentiles = null)
    {
        var ms = new List<double>();
        var answers = new List<IReadOnlyList<IdentityCandidate>>();
        var total = Stopwatch.StartNew();
        foreach (var p in probes)
        {
            var clock = Stopwatch.StartNew();
            answers.Add(await query(p));
            ms.Add(clock.Elapsed.TotalMilliseconds);
        }
        Print($"{label} queries={probes.Count} p50_ms={Percentile(ms, 0.5):F2} p95_ms={Percentile(ms, 0.95):F2} qps={probes.Count / total.Elapsed.TotalSeconds:F1} load={Load()}");
        percentiles?.Invoke(Percentile(ms, 0.5), Percentile(ms, 0.95));
        return answers;
    }

    // The machine is shared: every figure carries the load average it was measured under.
    private static string Load() => string.Join('/', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static double Recall(IReadOnlyList<IdentityCandidate>[] exact, IReadOnlyList<IReadOnlyList<IdentityCandidate>> answers) =>
        exact.Zip(answers).Average(x => x.Second.Select(c => c.IdentityId).Intersect(x.First.Select(c => c.IdentityId)).Count() / (double)Math.Max(1, x.First.Count));

    private static double Percentile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }

    private async Task<List<float[]>> RealDescriptorsAsync(int images)
    {
        if (SharedData.LfwImagesMissing is not null || images == 0)
        {
            Print("real=0 (LFW absent): random descriptors only");
            return [];
        }
        var files = Directory.GetDirectories(SharedData.LfwImages).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal)).Take(images).ToList();
        var embedded = await new ImageSetEmbedder(engine.Engine.Pipeline, engine.Engine.Decoder, null).EmbedAsync(files, false, null, CancellationToken.None);
        var result = files.Where(f => embedded[f].HasFace).Select(f => embedded[f].Descriptor!).ToList();
        Print($"real={result.Count} face-api descriptors of LFW images");
        return result;
    }

    // The real descriptors, then random ones with the real ones' mean norm, ten images per identity; probes: the
    // real ones moved a little (a new photo of a known face) and random ones (strangers).
    private static async Task<(GallerySearch, List<float[]>)> SeedAsync(PortalTestDatabase database, List<float[]> real, int rows)
    {
        const int dimensions = 128;
        var random = new Random(rows);
        float Gauss() => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var norm = real.Count > 0 ? real.Average(d => System.Numerics.Tensors.TensorPrimitives.Norm(d)) : 1f;
        float[] RandomOfNorm()
        {
            var v = Enumerable.Range(0, dimensions).Select(_ => Gauss()).ToArray();
            System.Numerics.Tensors.TensorPrimitives.Multiply(v, norm / System.Numerics.Tensors.TensorPrimitives.Norm(v), v);
            return v;
        }
        var gallery = await BenchGallerySeed.SeedAsync(database, rows, Signature, r => r < real.Count ? real[r] : RandomOfNorm());
        var probes = real.Take(Queries / 2).Select(v => v.Select(x => x + 0.01f * Gauss()).ToArray())
            .Concat(Enumerable.Range(0, Queries).Select(_ => RandomOfNorm())).Take(Queries).ToList();
        return (new GallerySearch(gallery, Signature, DistanceMetric.Euclidean, dimensions), probes);
    }

    private void Print(string line) => output.WriteLine("BENCH " + line);

    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;
}

using System.Collections.Concurrent;
using System.Diagnostics;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Search;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Cluster;
using FacePortal.Web.Platform.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Platform.Cluster;

/// <summary>Tests that start silo processes and time them: alone, after the parallel tests, so other tests' load does not blur the timing.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloProcessCollection
{
    public const string Name = "silo processes";
}

/// <summary>
/// Node loss for real: three silo processes on loopback (the silo verb, localhost membership, the portal's failure
/// detection settings: 1 s probes, 2 missed), the portal's cluster search as a client, two query loops, and the last
/// silo SIGKILLed (no goodbye to the cluster) under that load. Bounded: a 3,000-row gallery, at most 30 s of queries
/// after the kill. TestCluster cannot show this: its KillSiloAsync still says goodbye (../shared/notes/scale.md).
/// </summary>
[Collection(SiloProcessCollection.Name)]
public sealed class SiloKillTests(ITestOutputHelper output)
{
    private const string Signature = "kill-test";
    private const int Shards = 6;
    private const int DeadlineMilliseconds = 1000;

    // Every answer must come within the deadline plus this: the search's own 250 ms for the way back, and the rest for
    // a loaded 2-core CI machine's scheduler.
    private const int MarginMilliseconds = 1000;

    [Fact]
    public async Task ThreeSiloProcesses_OneSigkilledUnderLoad_NoQueryFails_EveryAnswerInTime_FullAndExactAgain()
    {
        var total = Stopwatch.StartNew();
        await using var database = await PortalTestDatabase.CreateAsync();
        var (data, _) = RandomDescriptors.Clustered(identities: 300, perIdentity: 10, dimensions: 128, seed: 51);
        var galleryId = await BenchGallerySeed.SeedAsync(database, data.Length, Signature, r => data[r]);
        var gallery = new GallerySearch(galleryId, Signature, DistanceMetric.Euclidean, 128);
        var probes = RandomDescriptors.Clustered(identities: 300, perIdentity: 1, dimensions: 128, seed: 51).Descriptors.Take(16)
            .Concat(RandomDescriptors.Uniform(8, 128, seed: 52)).ToList();
        using var cache = new GalleryIndexCache(database, Options.Create(new IdentificationOptions()), NullLogger<GalleryIndexCache>.Instance);
        var embedded = new EmbeddedFaceSearch(cache);
        var exact = new List<int[]>();
        foreach (var probe in probes)
        {
            exact.Add([.. (await embedded.IdentifyAsync(gallery, probe, 10, IdentityScoring.BestImage, CancellationToken.None)).Candidates.Select(c => c.ImageId)]);
        }

        var ports = Enumerable.Range(0, 3).Select(_ => (Silo: LoopbackPorts.Free(), Gateway: LoopbackPorts.Free())).ToArray();
        var silos = new List<SiloProcess>();
        try
        {
            // The primary holds the localhost membership table: first, and never the one killed.
            silos.Add(await SiloProcess.StartAsync(database.Folder, ports[0].Silo, ports[0].Gateway, ports[0].Silo));
            silos.AddRange(await Task.WhenAll(ports.Skip(1).Select(p => SiloProcess.StartAsync(database.Folder, p.Silo, p.Gateway, ports[0].Silo))));
            var started = total.Elapsed.TotalSeconds;

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.UseOrleansClient(c => c.ConfigureSearchClient(new ClusterHostOptions { GatewayPorts = [.. ports.Select(p => p.Gateway)] }));
            using var client = builder.Build();
            await client.StartAsync();
            var grains = client.Services.GetRequiredService<IGrainFactory>();
            var search = new ClusterFaceSearch(grains, database, cache,
                Options.Create(new SearchOptions { Mode = SearchMode.Cluster, Shards = Shards, DeadlineMilliseconds = DeadlineMilliseconds }),
                Options.Create(new IdentificationOptions()), NullLogger<ClusterFaceSearch>.Instance);

            // Loaded and warm (JIT in fresh processes) before the clock starts.
            await search.WarmAsync(gallery, CancellationToken.None);
            var warm = Stopwatch.StartNew();
            while ((await search.IdentifyAsync(gallery, probes[0], 10, IdentityScoring.BestImage, CancellationToken.None)).Partial)
            {
                Assert.True(warm.Elapsed < TimeSpan.FromSeconds(30), "the shards never loaded");
                await Task.Delay(100);
            }
            foreach (var probe in probes)
            {
                await search.IdentifyAsync(gallery, probe, 10, IdentityScoring.BestImage, CancellationToken.None);
            }
            var states = await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => grains.GetGrain<IShardGrain>(ShardKey.For(gallery, s, Shards).ToString()).StateAsync()));
            Assert.Equal(3, states.Select(s => s.Silo).Distinct().Count());

            var log = await QueriesWithAKillAsync(search, gallery, probes, silos[2]);
            var kill = log.KilledAt;
            var queries = log.Entries.ToList();
            var after = queries.Where(q => q.At >= kill).ToList();
            var partial = after.Where(q => q.Partial).ToList();
            var lastPartial = partial.Count > 0 ? partial.Max(q => q.At + q.Ms / 1000) - kill : 0;
            var wrong = queries.Count(q => !q.Partial && !q.Failed && !q.ImageIds.SequenceEqual(exact[q.Probe]));
            output.WriteLine($"SILOKILL silos_up_s={started:F1} queries={queries.Count} after_kill={after.Count} failed={queries.Count(q => q.Failed)} " +
                $"partial={partial.Count} first_partial_s={(partial.Count > 0 ? partial.Min(q => q.At) - kill : 0):F2} full_again_after_s={lastPartial:F2} " +
                $"min_searched={(after.Count > 0 ? after.Min(q => q.Searched) : 1):F2} empty_partial={partial.Count(q => q.Searched == 0)} max_ms={queries.Max(q => q.Ms):F0} " +
                $"p95_ms_after_kill={Percentile(after.Select(q => q.Ms), 0.95):F0} wrong_full_answers={wrong} test_s={total.Elapsed.TotalSeconds:F1} load={File.ReadAllText("/proc/loadavg").Trim()}");

            Assert.DoesNotContain(queries, q => q.Failed);
            Assert.All(queries, q => Assert.InRange(q.Ms, 0, DeadlineMilliseconds + MarginMilliseconds));
            // Full again: the answers that ended the run were full, and every full answer (before, during, after) exact.
            Assert.True(log.FullAgain, $"answers were still partial {after.Max(q => q.At) - kill:F1} s after the kill");
            Assert.Equal(0, wrong);
            await client.StopAsync();
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private sealed record Query(int Probe, double At, double Ms, bool Partial, double Searched, bool Failed, int[] ImageIds);

    private sealed record Run(ConcurrentBag<Query> Entries, double KilledAt, bool FullAgain);

    // Two loops; the victim is SIGKILLed after 2 s. The run ends once 3 s of answers after the kill's last partial one
    // were all full (and at least 6 s after the kill), or 30 s after the kill.
    private static async Task<Run> QueriesWithAKillAsync(ClusterFaceSearch search, GallerySearch gallery, List<float[]> probes, SiloProcess victim)
    {
        var clock = Stopwatch.StartNew();
        var entries = new ConcurrentBag<Query>();
        var killedAt = double.MaxValue;
        var lastPartialAt = 0.0;
        using var stop = new CancellationTokenSource();
        async Task Loop(int offset)
        {
            for (var i = offset; !stop.IsCancellationRequested; i++)
            {
                var p = i % probes.Count;
                var start = clock.Elapsed.TotalSeconds;
                try
                {
                    var a = await search.IdentifyAsync(gallery, probes[p], 10, IdentityScoring.BestImage, CancellationToken.None);
                    entries.Add(new Query(p, start, (clock.Elapsed.TotalSeconds - start) * 1000, a.Partial, a.SearchedFraction, false, [.. a.Candidates.Select(c => c.ImageId)]));
                    if (a.Partial)
                    {
                        lock (entries)
                        {
                            lastPartialAt = Math.Max(lastPartialAt, clock.Elapsed.TotalSeconds);
                        }
                    }
                }
                catch (Exception)
                {
                    entries.Add(new Query(p, start, (clock.Elapsed.TotalSeconds - start) * 1000, true, 0, true, []));
                }
            }
        }
        var loops = new[] { Task.Run(() => Loop(0)), Task.Run(() => Loop(probes.Count / 2)) };
        await Task.Delay(2000);
        killedAt = clock.Elapsed.TotalSeconds;
        victim.Kill();
        var fullAgain = false;
        while (clock.Elapsed.TotalSeconds < killedAt + 30)
        {
            await Task.Delay(100);
            var now = clock.Elapsed.TotalSeconds;
            double last;
            lock (entries)
            {
                last = lastPartialAt;
            }
            if (now >= killedAt + 6 && now - Math.Max(last, killedAt) >= 3)
            {
                fullAgain = true;
                break;
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        return new Run(entries, killedAt, fullAgain);
    }

    private static double Percentile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }
}

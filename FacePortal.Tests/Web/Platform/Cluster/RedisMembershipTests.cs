using FacePortal.Engine.Recognition;
using FacePortal.Engine.Search;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Cluster;
using FacePortal.Web.Platform.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FacePortal.Tests.Web.Platform.Cluster;

/// <summary>
/// Redis membership, run for real: a redis-server of its own on a free loopback port, two silos configured exactly as
/// the silo verb configures them (<see cref="ClusterHosting.ConfigureSearchSilo"/>, Membership = Redis) and the portal's
/// client finding their gateways through Redis alone. The two silos only meet through the Redis table, so shards on
/// both silos prove the membership works; the fan-out must equal the exact single-process top-k.
/// </summary>
public sealed class RedisMembershipTests
{
    private const string Signature = "redis-test";
    private const int Shards = 4;

    [RedisFact]
    public async Task TwoSilosWithRedisMembership_SpreadTheShards_AndTheFanOutEqualsTheExactTopK()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var database = await PortalTestDatabase.CreateAsync();
        var (data, _) = RandomDescriptors.Clustered(identities: 40, perIdentity: 5, dimensions: 64, seed: 41);
        var galleryId = await BenchGallerySeed.SeedAsync(database, data.Length, Signature, r => data[r]);
        var gallery = new GallerySearch(galleryId, Signature, DistanceMetric.Euclidean, 64);

        var options = new ClusterHostOptions
        {
            Membership = ClusterMembership.Redis,
            Redis = redis.ConnectionString,
            ClusterId = $"redis-test-{Guid.NewGuid():N}",
        };
        var silos = new List<IHost>();
        try
        {
            for (var s = 0; s < 2; s++)
            {
                silos.Add(await StartSiloAsync(database, options with { SiloPort = LoopbackPorts.Free(), GatewayPort = LoopbackPorts.Free() }));
            }
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.UseOrleansClient(c => c.ConfigureSearchClient(options));
            using var client = builder.Build();
            await client.StartAsync();
            var grains = client.Services.GetRequiredService<IGrainFactory>();
            using var cache = new GalleryIndexCache(database, Options.Create(new IdentificationOptions()), NullLogger<GalleryIndexCache>.Instance);
            var search = new ClusterFaceSearch(grains, database, cache, Options.Create(new SearchOptions { Mode = SearchMode.Cluster, Shards = Shards, DeadlineMilliseconds = 10_000 }),
                Options.Create(new IdentificationOptions()), NullLogger<ClusterFaceSearch>.Instance);
            var embedded = new EmbeddedFaceSearch(cache);

            var probes = RandomDescriptors.Clustered(identities: 40, perIdentity: 1, dimensions: 64, seed: 41).Descriptors.Take(8)
                .Concat(RandomDescriptors.Uniform(4, 64, seed: 42)).ToList();
            foreach (var scoring in new[] { IdentityScoring.BestImage, IdentityScoring.Centroid })
            {
                foreach (var probe in probes)
                {
                    var expected = await embedded.IdentifyAsync(gallery, probe, 10, scoring, CancellationToken.None);
                    var actual = await search.IdentifyAsync(gallery, probe, 10, scoring, CancellationToken.None);
                    Assert.False(actual.Partial);
                    Assert.Equal(10, actual.Candidates.Count);
                    Assert.Equal(expected.Candidates.Select(c => c.IdentityId), actual.Candidates.Select(c => c.IdentityId));
                    Assert.Equal(expected.Candidates.Select(c => c.ImageId), actual.Candidates.Select(c => c.ImageId));
                    foreach (var (e, a) in expected.Candidates.Zip(actual.Candidates))
                    {
                        Assert.Equal(e.Distance, a.Distance, 6);
                    }
                }
            }

            var states = await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => grains.GetGrain<IShardGrain>(ShardKey.For(gallery, s, Shards).ToString()).StateAsync()));
            Assert.Equal(data.Length, states.Sum(s => s.Rows));
            // Round-robin over the two silos the Redis table lists: two shards on each.
            Assert.Equal(new[] { 2, 2 }, states.GroupBy(s => s.Silo).Select(g => g.Count()).Order());
            await client.StopAsync();
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.StopAsync();
                silo.Dispose();
            }
        }
    }

    private static async Task<IHost> StartSiloAsync(PortalTestDatabase database, ClusterHostOptions options)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOptions<IdentificationOptions>();
        builder.Services.AddSingleton<IShardSource>(new DatabaseShardSource(database, NullLogger<DatabaseShardSource>.Instance));
        builder.UseOrleans(silo => silo.ConfigureSearchSilo(options));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}

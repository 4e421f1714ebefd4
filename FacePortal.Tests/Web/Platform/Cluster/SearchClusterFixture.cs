using System.Collections.Concurrent;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Cluster;
using FacePortal.Web.Platform.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace FacePortal.Tests.Web.Platform.Cluster;

/// <summary>
/// Three in-process silos (TestingHost) whose shards load from one real, migrated portal database; a shard's load can
/// be slowed per (gallery, shard) to play a slow or reloading shard.
/// </summary>
public sealed class SearchClusterFixture : IAsyncLifetime
{
    // The silos are built by TestingHost from a type, not an instance: they find the fixture here (one per run).
    private static SearchClusterFixture? _current;

    public TestCluster Cluster { get; private set; } = null!;

    public PortalTestDatabase Database { get; private set; } = null!;

    public ConcurrentDictionary<(int Gallery, int Shard), TimeSpan> LoadDelays { get; } = new();

    private volatile TaskCompletionSource? _coordinatorsHeld;

    /// <summary>
    /// Until disposed, every coordinator call is received and never answered (as when the coordinator's silo dies
    /// mid-call: the reply is lost), while shard calls go on as usual.
    /// </summary>
    public IDisposable HoldCoordinators()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _coordinatorsHeld = held;
        return new Release(() =>
        {
            _coordinatorsHeld = null;
            held.TrySetResult();
        });
    }

    public async Task InitializeAsync()
    {
        Database = await PortalTestDatabase.CreateAsync();
        _current = this;
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<Silos>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>The portal's cluster search over this cluster's client.</summary>
    public ClusterFaceSearch Search(int shards, int deadlineMilliseconds) => new(Cluster.Client, Database,
        new GalleryIndexCache(Database, Microsoft.Extensions.Options.Options.Create(new IdentificationOptions()), NullLogger<GalleryIndexCache>.Instance),
        Microsoft.Extensions.Options.Options.Create(new SearchOptions { Mode = SearchMode.Cluster, Shards = shards, DeadlineMilliseconds = deadlineMilliseconds }),
        Microsoft.Extensions.Options.Options.Create(new IdentificationOptions()), NullLogger<ClusterFaceSearch>.Instance);

    private sealed class Silos : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var fixture = _current!;
            siloBuilder.Services.AddOptions<IdentificationOptions>();
            siloBuilder.Services.AddSingleton<IShardSource>(new DelayedSource(
                new DatabaseShardSource(fixture.Database, NullLogger<DatabaseShardSource>.Instance), fixture.LoadDelays));
            siloBuilder.AddSearchGrains();
            siloBuilder.AddIncomingGrainCallFilter(async context =>
            {
                if (context.Grain is ISearchCoordinatorGrain && fixture._coordinatorsHeld is { } held)
                {
                    await held.Task;
                }
                await context.Invoke();
            });
        }
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }

    private sealed class DelayedSource(IShardSource inner, ConcurrentDictionary<(int, int), TimeSpan> delays) : IShardSource
    {
        public async Task<ShardData> LoadAsync(ShardKey key, CancellationToken cancellationToken)
        {
            if (delays.TryGetValue((key.GalleryId, key.Shard), out var delay))
            {
                await Task.Delay(delay, cancellationToken);
            }
            return await inner.LoadAsync(key, cancellationToken);
        }
    }
}

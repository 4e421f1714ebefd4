using System.Diagnostics;
using System.Runtime.InteropServices;
using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Search;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// A shard in memory. Activation does nothing slow (Orleans gives an activation 30 s); the load runs in the
/// background and the grain is reentrant, so queries keep being answered (Loading, or from the version held) while
/// it runs. The scan itself is synchronous inside the turn: one shard scans on one core, several shards per silo
/// keep every core busy. Large shards get the approximate index, by the same setting as the embedded index.
/// </summary>
[ShardPlacement]
[Reentrant]
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed class ShardGrain(IShardSource source, IOptions<IdentificationOptions> options, IOptions<ClusterHostOptions> cluster, ILogger<ShardGrain> logger) : Grain, IShardGrain
{
    private readonly CancellationTokenSource _stopping = new();
    private ShardKey _key = null!;
    private ShardData? _held;
    private GalleryVersion? _loadingVersion;
    private Task? _loading;
    private int _loads;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = ShardKey.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        _held?.Index.Dispose();
        _held = null;
        return Task.CompletedTask;
    }

    public async Task<ShardAnswer> IdentifyAsync(ShardQuery query)
    {
        if (Held(query.Version) is { } ready)
        {
            return Answer(ready, query);
        }
        if (_held is { } newer && newer.Version.IsNewerThan(query.Version))
        {
            return Status(ShardStatus.Stale);
        }
        var loading = Load(query.Version);
        try
        {
            await loading.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(0, query.WaitMilliseconds)));
        }
        catch (TimeoutException)
        {
            return Status(ShardStatus.Loading);
        }
        catch (Exception)
        {
            // Logged by the load; the next query tries again.
            return Status(ShardStatus.Failed);
        }
        if (Held(query.Version) is { } loaded)
        {
            return Answer(loaded, query);
        }
        return Status(_held is { } held && held.Version.IsNewerThan(query.Version) ? ShardStatus.Stale : ShardStatus.Loading);
    }

    public Task<ShardStatus> WarmAsync(GalleryVersion version)
    {
        if (Held(version) is not null)
        {
            return Task.FromResult(ShardStatus.Ready);
        }
        if (_held is null || version.IsNewerThan(_held.Version))
        {
            _ = Load(version);
        }
        return Task.FromResult(ShardStatus.Loading);
    }

    public Task<ShardState> StateAsync() =>
        Task.FromResult(new ShardState(RuntimeIdentity, _held?.Version, _held?.Index.Count ?? 0, _held?.Index.UsesApproximate ?? false, _loads));

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private ShardData? Held(GalleryVersion version) => _held is { } held && held.Version == version ? held : null;

    // One load per version: a repeated or older request joins the load running (idempotent).
    private Task Load(GalleryVersion version)
    {
        if (_loading is { IsCompleted: false } running && _loadingVersion is { } v && !version.IsNewerThan(v))
        {
            return running;
        }
        _loadingVersion = version;
        _loads++;
        return _loading = LoadAsync();
    }

    private async Task LoadAsync()
    {
        var start = Stopwatch.GetTimestamp();
        ShardData data;
        try
        {
            // Off the grain's scheduler: reading and copying the rows is the slow part; the continuation comes back to it.
            data = await Task.Run(() => source.LoadAsync(_key, _stopping.Token), _stopping.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Shard {Shard}: load failed", _key);
            throw;
        }
        // The rows carry the version they were read at, which may be newer than asked: keep only what moves forward.
        if (_held is { } held && !data.Version.IsNewerThan(held.Version))
        {
            data.Index.Dispose();
            return;
        }
        var old = _held;
        _held = data;
        old?.Index.Dispose();
        logger.LogInformation("Shard {Shard}: {Rows} rows at version {Version} in {Milliseconds:F0} ms{Approximate}", _key, data.Index.Count, data.Version,
            Stopwatch.GetElapsedTime(start).TotalMilliseconds, data.Index.UsesApproximate ? ", approximate index loaded" : "");
        var above = options.Value.ApproximateAbove;
        if (above > 0 && data.Index.Count >= above && !data.Index.UsesApproximate)
        {
            var settings = ShardApproximateSettings.For(options.Value, cluster.Value, _key);
            var stopping = _stopping.Token;
            _ = Task.Run(() => BuildApproximate(data, settings, stopping), CancellationToken.None);
        }
    }

    // Built once per loaded version, then kept with the shard's snapshot (when there is one) so a reload loads it.
    private void BuildApproximate(ShardData data, ApproximateIndexOptions settings, CancellationToken cancellationToken)
    {
        var index = data.Index;
        try
        {
            var approximate = ApproximateIndex.Build(index, settings, cancellationToken);
            index.AttachApproximate(approximate);
            logger.LogInformation("Shard {Shard}: approximate index over {Rows} rows in {Seconds:F1} s, recall@10 {Recall:F4}", _key, index.Count,
                approximate.BuildTime.TotalSeconds, approximate.RecallAt10);
            if (index.Approximate == approximate)
            {
                source.SaveApproximate(_key, data, approximate);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // Exact scan keeps answering; the approximate index only accelerates.
            logger.LogError(e, "Shard {Shard}: the approximate index could not be built", _key);
        }
    }

    private static ShardAnswer Answer(ShardData data, ShardQuery query)
    {
        var start = Stopwatch.GetTimestamp();
        var probe = MemoryMarshal.Cast<byte, float>(query.Probe);
        var index = data.Index;
        var candidates = index.Identify(probe, query.K, query.Scoring).Select(ShardCandidate.Of).ToArray();
        return new ShardAnswer(ShardStatus.Ready, data.Version, index.Count, index.UsesApproximate, index.Approximate?.RecallAt10, candidates,
            Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    private ShardAnswer Status(ShardStatus status) => new(status, _held?.Version, _held?.Index.Count ?? 0, false, null, []);
}

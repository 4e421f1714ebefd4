using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// 1:N search over the cluster's shards: reads the gallery's version (two primary-key reads, as the embedded index
/// does per search), asks a coordinator grain with it, and turns the shards that answered into the share of the gallery
/// searched. Changes are also pushed (<see cref="PushChangesAsync(IReadOnlyCollection{GallerySearch}, CancellationToken)"/>, run by <see cref="ShardUpdatePushService"/>):
/// the shards of every searchable gallery load its new version before the next query asks, and after a start load before the first. Within the deadline (plus a margin for the way back) an answer always comes: when the coordinator's
/// silo is lost mid-call, or has not answered by half the deadline, this process fans out to the shards itself
/// (<see cref="AskAsync"/>), so the answer holds what the live shards hold.
/// </summary>
public sealed class ClusterFaceSearch(IGrainFactory grains, IDbContextFactory<PortalDbContext> databases, GalleryIndexCache local,
    IOptions<SearchOptions> options, IOptions<IdentificationOptions> identification, ILogger<ClusterFaceSearch> logger) : IFaceSearch
{
    // The coordinator answers at the deadline; this covers the hop back and a busy scheduler.
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<(int, string), Size> _sizes = new();

    public async Task<FaceSearchAnswer> IdentifyAsync(GallerySearch gallery, float[] probe, int k, IdentityScoring scoring, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (probe.Length != gallery.Dimensions)
        {
            throw new ArgumentException($"The probe has {probe.Length} values; this gallery's descriptors have {gallery.Dimensions}.", nameof(probe));
        }
        var size = await SizeAsync(gallery, cancellationToken);
        var o = options.Value;
        var query = new ClusterQuery(GallerySearchKey.Of(gallery), o.Shards, size.Version, MemoryMarshal.AsBytes(probe.AsSpan()).ToArray(), k, scoring,
            o.DeadlineMilliseconds);
        var answer = await AskAsync(query, cancellationToken);
        var partial = answer.ShardsAnswered < answer.Shards;
        var fraction = size.Rows == 0 ? (partial ? 0 : 1) : Math.Min(1, answer.RowsSearched / (double)size.Rows);
        var info = new GalleryIndexInfo(size.Rows, size.Identities, answer.Approximate, answer.RecallAt10);
        return new FaceSearchAnswer(answer.Candidates.Select(c => c.ToCandidate()).ToList(), partial, partial ? fraction : 1, info);
    }

    public async Task<GalleryIndexInfo> InfoAsync(GallerySearch gallery, CancellationToken cancellationToken)
    {
        var size = await SizeAsync(gallery, cancellationToken);
        var above = identification.Value.ApproximateAbove;
        return new GalleryIndexInfo(size.Rows, size.Identities, above > 0 && size.Rows / options.Value.Shards >= above, null);
    }

    public Task<GalleryIndex> SnapshotAsync(GallerySearch gallery, CancellationToken cancellationToken) =>
        local.GetAsync(gallery.GalleryId, gallery.Signature, gallery.Metric, gallery.Dimensions, cancellationToken);

    /// <summary>Asks every shard to load the gallery's current version now (after an import, before the first query).</summary>
    public async Task WarmAsync(GallerySearch gallery, CancellationToken cancellationToken)
    {
        var size = await SizeAsync(gallery, cancellationToken);
        await WarmShardsAsync(gallery, size.Version);
    }

    /// <summary>
    /// One pass of pushed updates: reads the versions of every gallery searched through this instance, and of
    /// <paramref name="galleries"/> (those the portal can search: <see cref="SearchableGalleries"/>), in one query by
    /// primary key, and tells the shards of each (gallery, model) whose version moved, or that this instance has not
    /// seen yet (after a restart, a new gallery), to load it now. Idempotent by version: a shard holding or loading
    /// that version (or a newer one) does nothing, so a restarted portal does not make warm shards reload. Returns how
    /// many (gallery, model) were pushed; a deleted gallery is forgotten.
    /// </summary>
    public async Task<int> PushChangesAsync(IReadOnlyCollection<GallerySearch> galleries, CancellationToken cancellationToken)
    {
        var known = _sizes.Values.ToList();
        var unseen = galleries.Where(g => !_sizes.ContainsKey((g.GalleryId, g.Signature))).Distinct().ToList();
        if (known.Count == 0 && unseen.Count == 0)
        {
            return 0;
        }
        var ids = known.Select(k => k.Gallery.GalleryId).Concat(unseen.Select(g => g.GalleryId)).Distinct().ToList();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // One statement (one snapshot): a gallery's two numbers always belong together.
        var rows = (await db.Galleries.AsNoTracking().Where(g => ids.Contains(g.Id))
            .Select(g => new { g.Id, g.ContentVersion, Models = db.GalleryModelVersions.Where(v => v.GalleryId == g.Id).Select(v => new { v.Model, v.Version }).ToList() })
            .ToListAsync(cancellationToken)).ToDictionary(g => g.Id);
        GalleryVersion? Current(GallerySearch gallery) => rows.TryGetValue(gallery.GalleryId, out var row)
            ? new GalleryVersion(row.ContentVersion, row.Models.FirstOrDefault(m => m.Model == gallery.Signature)?.Version ?? 0)
            : null;
        var pushed = 0;
        foreach (var size in known)
        {
            if (Current(size.Gallery) is not { } version)
            {
                _sizes.TryRemove((size.Gallery.GalleryId, size.Gallery.Signature), out _);
                continue;
            }
            if (version.IsNewerThan(size.Version))
            {
                await RememberAsync(db, size.Gallery, version, cancellationToken);
                await WarmShardsAsync(size.Gallery, version);
                pushed++;
            }
        }
        foreach (var gallery in unseen)
        {
            if (Current(gallery) is { } version)
            {
                await RememberAsync(db, gallery, version, cancellationToken);
                await WarmShardsAsync(gallery, version);
                pushed++;
            }
        }
        return pushed;
    }

    /// <summary>One pass of pushed updates for the galleries searched through this instance only.</summary>
    public Task<int> PushChangesAsync(CancellationToken cancellationToken) => PushChangesAsync([], cancellationToken);

    private Task WarmShardsAsync(GallerySearch gallery, GalleryVersion version)
    {
        var shards = options.Value.Shards;
        return Task.WhenAll(Enumerable.Range(0, shards)
            .Select(s => grains.GetGrain<IShardGrain>(ShardKey.For(gallery, s, shards).ToString()).WarmAsync(version)));
    }

    // A query still unanswered at this share of its deadline is fanned out to the shards by this process itself, in
    // parallel with the coordinator asked (the first full answer wins).
    private const double HedgeShare = 0.5;

    // Coordinators asked one after the other when each fails at once (a dead gateway), before fanning out here.
    private const int CoordinatorAsks = 2;

    private int _coordinator;

    // Another key for every ask: the client routes a grain's calls through the gateway its key hashes to, so one fixed
    // key sent every query through one silo, and every retry after that silo died through the same dead connection.
    private ISearchCoordinatorGrain NextCoordinator() => grains.GetGrain<ISearchCoordinatorGrain>(Interlocked.Increment(ref _coordinator) & 0xFFFF);

    /// <summary>
    /// The query's answer within its deadline plus <see cref="Margin"/>, never empty for want of a coordinator: a
    /// coordinator on a silo that dies mid-call never replies (its reply is lost with the connection; the client only
    /// gives up after ResponseTimeout), and a second coordinator can sit behind the same dead gateway. So at
    /// <see cref="HedgeShare"/> of the deadline, or once the coordinators asked have failed, this process fans out to
    /// the shards itself: shard calls spread over every gateway, so it gets what the live silos hold (partial, not
    /// empty). The first answer is taken unless it is empty and another ask is still out.
    /// </summary>
    internal async Task<ClusterAnswer> AskAsync(ClusterQuery query, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var limit = TimeSpan.FromMilliseconds(query.DeadlineMilliseconds) + Margin;
        var hedgeAt = TimeSpan.FromMilliseconds(query.DeadlineMilliseconds * HedgeShare);
        var pending = new List<Task<ClusterAnswer>>();
        var coordinators = 0;
        var fannedOut = false;
        ClusterAnswer? best = null;
        ClusterQuery Remaining(TimeSpan left) => query with { DeadlineMilliseconds = Math.Max(1, (int)(left - Margin).TotalMilliseconds) };
        while (true)
        {
            var elapsed = Stopwatch.GetElapsedTime(start);
            var left = limit - elapsed;
            if (left <= TimeSpan.Zero)
            {
                break;
            }
            if (coordinators == 0 || (pending.Count == 0 && coordinators < CoordinatorAsks && !fannedOut))
            {
                // A later ask gets the deadline that is left, so its answer still comes back in time.
                pending.Add(AskCoordinator(coordinators == 0 ? query : Remaining(left)));
                coordinators++;
            }
            else if (!fannedOut && (elapsed >= hedgeAt || pending.Count == 0))
            {
                pending.Add(ShardFanOut.SearchAsync(grains, Remaining(left), logger));
                fannedOut = true;
            }
            if (pending.Count == 0)
            {
                break;
            }
            var wake = !fannedOut && hedgeAt > elapsed ? hedgeAt - elapsed : left;
            var timer = Task.Delay(wake, cancellationToken);
            var done = await Task.WhenAny([.. pending, timer]);
            if (done == timer)
            {
                cancellationToken.ThrowIfCancellationRequested();
                continue;
            }
            var finished = (Task<ClusterAnswer>)done;
            pending.Remove(finished);
            if (finished.IsCompletedSuccessfully)
            {
                var answer = finished.Result;
                if (best is null || answer.ShardsAnswered > best.ShardsAnswered)
                {
                    best = answer;
                }
                if (best.ShardsAnswered > 0 || pending.Count == 0)
                {
                    break;
                }
                continue;
            }
            cancellationToken.ThrowIfCancellationRequested();
            logger.LogWarning("Cluster search, coordinator ask {Ask}: {Error}", coordinators, finished.Exception?.GetBaseException().Message);
        }
        Observe(pending);
        return best ?? ClusterAnswer.Nothing(query.Shards);
    }

    private Task<ClusterAnswer> AskCoordinator(ClusterQuery query)
    {
        try
        {
            return NextCoordinator().IdentifyAsync(query);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Task.FromException<ClusterAnswer>(e);
        }
    }

    // Asks still out when an answer came or time ran out: their failures are logged, not left unobserved.
    private void Observe(List<Task<ClusterAnswer>> pending)
    {
        foreach (var task in pending)
        {
            _ = task.ContinueWith(t => logger.LogDebug(t.Exception, "A late coordinator ask failed"), CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    // The gallery's version and size; counted again only when the version moves.
    private async Task<Size> SizeAsync(GallerySearch gallery, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var version = await GalleryVersion.ReadAsync(db, gallery.GalleryId, gallery.Signature, cancellationToken) ?? throw new GalleryNotFoundException(gallery.GalleryId);
        if (_sizes.TryGetValue((gallery.GalleryId, gallery.Signature), out var known) && known.Version == version && known.Gallery == gallery)
        {
            return known;
        }
        return await RememberAsync(db, gallery, version, cancellationToken);
    }

    private async Task<Size> RememberAsync(PortalDbContext db, GallerySearch gallery, GalleryVersion version, CancellationToken cancellationToken)
    {
        var (rows, identities) = await GalleryRows.CountAsync(db, gallery.GalleryId, gallery.Signature, cancellationToken);
        var size = new Size(gallery, version, rows, identities);
        _sizes[(gallery.GalleryId, gallery.Signature)] = size;
        return size;
    }

    private sealed record Size(GallerySearch Gallery, GalleryVersion Version, int Rows, int Identities);
}

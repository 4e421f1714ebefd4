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
/// silo is lost mid-call it asks again while time remains, else answers empty and partial.
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

    private async Task<ClusterAnswer> AskAsync(ClusterQuery query, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var limit = TimeSpan.FromMilliseconds(query.DeadlineMilliseconds) + Margin;
        for (var attempt = 1; ; attempt++)
        {
            var left = limit - Stopwatch.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                return ClusterAnswer.Nothing(query.Shards);
            }
            try
            {
                // Shorter deadline for a retry, so its answer still comes back in time.
                var retry = attempt == 1 ? query : query with { DeadlineMilliseconds = Math.Max(1, (int)(left - Margin).TotalMilliseconds) };
                return await grains.GetGrain<ISearchCoordinatorGrain>(0).IdentifyAsync(retry).WaitAsync(left, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Cluster search, attempt {Attempt}: {Error}", attempt, e.Message);
                if (attempt >= 3)
                {
                    return ClusterAnswer.Nothing(query.Shards);
                }
            }
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

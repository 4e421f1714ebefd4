using System.Collections.Concurrent;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Search;

/// <summary>
/// One <see cref="GalleryIndex"/> per gallery and model (pipeline signature), read from the database and rebuilt when
/// the gallery's version for that model moves. The version (<see cref="GalleryVersion"/>: two rows read by primary
/// key) is checked on every query; every save that changes the gallery's images, faces, identities or the model's
/// descriptors moves it. The approximate index of a large gallery is built in the background; exact search answers
/// meanwhile.
/// </summary>
public sealed class GalleryIndexCache(IDbContextFactory<PortalDbContext> databases, IOptions<IdentificationOptions> options, ILogger<GalleryIndexCache> logger) : IDisposable
{
    private readonly ConcurrentDictionary<(int Gallery, string Signature), Slot> _slots = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>How many snapshots have been built since the start (tests and diagnostics).</summary>
    public int Builds => Volatile.Read(ref _builds);

    private int _builds;

    /// <summary>The current snapshot of the gallery's descriptors of one model; throws <see cref="GalleryNotFoundException"/> for an unknown gallery.</summary>
    public async Task<GalleryIndex> GetAsync(int galleryId, string signature, DistanceMetric metric, int dimensions, CancellationToken cancellationToken)
    {
        var token = await ChangeTokenAsync(galleryId, signature, cancellationToken) ?? throw new GalleryNotFoundException(galleryId);
        var slot = _slots.GetOrAdd((galleryId, signature), _ => new Slot());
        if (Current(slot, token, signature) is { } ready)
        {
            return ready;
        }
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another query may have rebuilt it while this one waited.
            if (Current(slot, token, signature) is { } rebuilt)
            {
                return rebuilt;
            }
            var index = await BuildAsync(galleryId, token, signature, metric, dimensions, cancellationToken);
            var old = slot.Index;
            slot.Index = index;
            old?.Dispose();
            Interlocked.Increment(ref _builds);
            if (options.Value.ApproximateAbove > 0 && index.Count >= options.Value.ApproximateAbove)
            {
                _ = Task.Run(() => BuildApproximate(index), CancellationToken.None);
            }
            return index;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>The gallery's version for one model as text (two primary-key reads); null when there is no such gallery.</summary>
    public async Task<string?> ChangeTokenAsync(int galleryId, string signature, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return (await GalleryVersion.ReadAsync(db, galleryId, signature, cancellationToken))?.Token;
    }

    private static GalleryIndex? Current(Slot slot, string token, string signature) =>
        slot.Index is { } index && index.Token == token && index.Signature == signature ? index : null;

    private async Task<GalleryIndex> BuildAsync(int galleryId, string token, string signature, DistanceMetric metric, int dimensions, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var usable = await GalleryRows.ReadAsync(db, galleryId, signature, dimensions, shard: null, logger, cancellationToken);
        return new GalleryIndex(galleryId, token, signature, metric, dimensions, usable);
    }

    private void BuildApproximate(GalleryIndex index)
    {
        try
        {
            var approximate = ApproximateIndex.Build(index, options.Value.ApproximateIndex(), _stopping.Token);
            index.AttachApproximate(approximate);
            logger.LogInformation("Gallery {Gallery}: approximate index over {Count} descriptors in {Seconds:F1} s, recall@10 {Recall:F4} ({Queries} queries)",
                index.GalleryId, index.Count, approximate.BuildTime.TotalSeconds, approximate.RecallAt10, approximate.RecallQueries);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // Exact search keeps answering; the approximate index is only an accelerator.
            logger.LogError(e, "Gallery {Gallery}: the approximate index could not be built", index.GalleryId);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var slot in _slots.Values)
        {
            slot.Index?.Dispose();
        }
        _stopping.Dispose();
    }

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile GalleryIndex? Index;
    }
}

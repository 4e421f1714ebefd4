using FacePortal.Web.Platform.Search;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// Pushed updates (Cluster mode): every <see cref="SearchOptions.PushIntervalMilliseconds"/> the portal reads the
/// versions of every gallery it can search (<see cref="SearchableGalleries"/>: the gallery's own model, with
/// descriptors) and tells the shards of those that changed, or that it has not seen since it started, to load that
/// version (<see cref="ClusterFaceSearch.PushChangesAsync(IReadOnlyCollection{GallerySearch}, CancellationToken)"/>).
/// So after a start every gallery is preloaded before its first query, and the first query after an import, a
/// deletion or a merge finds its shards loaded instead of waiting for them. Queries still carry the version they read, so an answer
/// never comes from an older version than the caller's last write.
/// </summary>
public sealed class ShardUpdatePushService(ClusterFaceSearch search, SearchableGalleries galleries, IOptions<SearchOptions> options, ILogger<ShardUpdatePushService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PushIntervalMilliseconds;
        if (interval <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(interval));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var pushed = await search.PushChangesAsync(await galleries.ListAsync(stoppingToken), stoppingToken);
                    if (pushed > 0)
                    {
                        logger.LogInformation("Pushed new versions of {Count} gallery indexes to their shards", pushed);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A lost silo or a busy database: the next tick tries again, and queries bring versions meanwhile.
                    logger.LogWarning("Pushing gallery versions to the shards failed: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

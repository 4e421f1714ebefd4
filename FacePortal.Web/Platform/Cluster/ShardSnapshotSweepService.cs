using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// On a silo with snapshots on: every <see cref="ClusterHostOptions.SnapshotSweepMinutes"/> deletes the snapshot files
/// no shard will load again (<see cref="ShardSnapshotStore.SweepAsync"/>, current stamps from the database). Silos
/// sharing the folder may all sweep it: a file is deleted once, a current one never.
/// </summary>
public sealed class ShardSnapshotSweepService(ShardSnapshotStore store, DatabaseShardSource database, IOptions<ClusterHostOptions> options,
    ILogger<ShardSnapshotSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = options.Value.SnapshotSweepMinutes;
        if (!options.Value.Snapshots || minutes <= 0)
        {
            return;
        }
        var every = TimeSpan.FromMinutes(minutes);
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await store.SweepAsync(database.StampAsync, every, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A busy database or folder: the next tick tries again; a file left only costs disk.
                    logger.LogWarning("Sweeping shard snapshots failed: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

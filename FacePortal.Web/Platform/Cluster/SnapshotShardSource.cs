using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Search;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// Shards from their snapshot files when one matches the gallery's current version (read from the database by primary
/// key: cheap), else from the database, writing the snapshot for the next load (after a silo loss, on a survivor, or
/// after a restart). A snapshot that is damaged, stale or hostile is ignored and rewritten. Large shards also get their
/// saved approximate index back, so a reload does not rebuild it.
/// </summary>
public sealed class SnapshotShardSource(DatabaseShardSource database, ShardSnapshotStore store, IOptions<IdentificationOptions> identification,
    IOptions<ClusterHostOptions> cluster) : IShardSource
{
    private int _databaseLoads;
    private int _snapshotLoads;
    private int _approximateLoads;

    /// <summary>Loads that read the rows from the database (tests, diagnostics).</summary>
    public int DatabaseLoads => _databaseLoads;

    /// <summary>Loads served by a snapshot file.</summary>
    public int SnapshotLoads => _snapshotLoads;

    /// <summary>Approximate indexes loaded from disk instead of built.</summary>
    public int ApproximateLoads => _approximateLoads;

    public async Task<ShardData> LoadAsync(ShardKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (await database.StampAsync(key, cancellationToken) is { } current && store.TryRead(key, current) is { } snapshot)
        {
            Interlocked.Increment(ref _snapshotLoads);
            var index = new GalleryIndex(key.GalleryId, current.Version.Token, key.Signature, key.Metric, key.Dimensions, snapshot.Rows);
            var settings = identification.Value;
            if (settings.ApproximateAbove > 0 && index.Count >= settings.ApproximateAbove
                && store.TryLoadApproximate(key, snapshot.Digest, index, ShardApproximateSettings.For(settings, cluster.Value, key)) is { } approximate)
            {
                index.AttachApproximate(approximate);
                Interlocked.Increment(ref _approximateLoads);
            }
            return new ShardData(index, current.Version, snapshot.Digest);
        }
        var read = await database.ReadAsync(key, cancellationToken);
        Interlocked.Increment(ref _databaseLoads);
        var digest = read.Stamp is { } stamp ? store.Write(key, stamp, read.Rows) : null;
        return new ShardData(new GalleryIndex(key.GalleryId, read.Version.Token, key.Signature, key.Metric, key.Dimensions, read.Rows), read.Version, digest);
    }

    public void SaveApproximate(ShardKey key, ShardData data, ApproximateIndex approximate)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.SnapshotDigest is { } digest)
        {
            store.SaveApproximate(key, digest, approximate, ShardApproximateSettings.For(identification.Value, cluster.Value, key));
        }
    }
}

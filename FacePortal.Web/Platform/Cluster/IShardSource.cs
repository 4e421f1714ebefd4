using FacePortal.Engine.Search;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>Where a shard grain loads its vectors from (durable storage inside the silo, never grain messages).</summary>
public interface IShardSource
{
    /// <summary>The shard's rows and the version they belong to, read together (with their approximate index when one was saved for them).</summary>
    Task<ShardData> LoadAsync(ShardKey key, CancellationToken cancellationToken);

    /// <summary>Keeps an approximate index built over <paramref name="data"/>'s rows for the next load; by default nowhere.</summary>
    void SaveApproximate(ShardKey key, ShardData data, ApproximateIndex approximate)
    {
    }
}

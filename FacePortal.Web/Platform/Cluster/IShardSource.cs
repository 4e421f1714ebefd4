namespace FacePortal.Web.Platform.Cluster;

/// <summary>Where a shard grain loads its vectors from (durable storage inside the silo, never grain messages).</summary>
public interface IShardSource
{
    /// <summary>The shard's rows and the version they belong to, read together.</summary>
    Task<ShardData> LoadAsync(ShardKey key, CancellationToken cancellationToken);
}

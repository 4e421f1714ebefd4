using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Search;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>A shard's HNSW settings: the portal's, with ef_search per shard (<see cref="ClusterHostOptions.ShardExpansionSearch"/>).</summary>
public static class ShardApproximateSettings
{
    public static ApproximateIndexOptions For(IdentificationOptions identification, ClusterHostOptions cluster, ShardKey key)
    {
        ArgumentNullException.ThrowIfNull(identification);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(key);
        var expansion = cluster.ShardExpansionSearch > 0 ? cluster.ShardExpansionSearch : Math.Max(1, identification.ExpansionSearch / Math.Max(1, key.Shards));
        return identification.ApproximateIndex() with { ExpansionSearch = expansion };
    }
}

namespace FacePortal.Web.Platform.Search;

/// <summary>1:N search mode and the cluster's query settings ("FacePortal:Search").</summary>
public sealed record SearchOptions
{
    public const string Section = "FacePortal:Search";

    public SearchMode Mode { get; init; } = SearchMode.Embedded;

    /// <summary>
    /// Shards per gallery and model (Cluster). One shard grain scans on one core at a time, so at least as many
    /// shards as cores across the cluster; several per silo.
    /// </summary>
    public int Shards { get; init; } = 8;

    /// <summary>Per query (Cluster): shards that have not answered by then are left out and the answer is partial.</summary>
    public int DeadlineMilliseconds { get; init; } = 1000;

    /// <summary>
    /// How often (Cluster) the portal looks for changed galleries and tells their shards to load the new version
    /// before the next query asks (<see cref="Cluster.ShardUpdatePushService"/>); 0: only queries bring new versions.
    /// </summary>
    public int PushIntervalMilliseconds { get; init; } = 250;
}

namespace FacePortal.Web.Platform.Cluster;

/// <summary>Where the silos find each other.</summary>
public enum ClusterMembership
{
    /// <summary>One machine: the primary silo (PrimarySiloPort) holds the membership table in memory. Trials only.</summary>
    Localhost,

    /// <summary>A Redis server holds the membership table (FacePortal:Cluster:Redis, a StackExchange.Redis connection string).</summary>
    Redis,
}

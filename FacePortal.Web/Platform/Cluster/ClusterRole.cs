namespace FacePortal.Web.Platform.Cluster;

/// <summary>How the portal takes part in the cluster (Search:Mode = Cluster).</summary>
public enum ClusterRole
{
    /// <summary>Joins as a client through the silos' gateways; the silos run as their own processes (the silo verb).</summary>
    Client,

    /// <summary>Hosts a silo itself (shards live in the portal's process too).</summary>
    Silo,
}

namespace FacePortal.Web.Platform.Search;

/// <summary>Where 1:N search runs.</summary>
public enum SearchMode
{
    /// <summary>In the portal's process: nothing else to start.</summary>
    Embedded,

    /// <summary>Over shard grains on an Orleans cluster (FacePortal:Cluster says how to reach or host it).</summary>
    Cluster,
}

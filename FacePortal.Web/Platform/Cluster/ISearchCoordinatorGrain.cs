namespace FacePortal.Web.Platform.Cluster;

/// <summary>Fans a query out to every shard of a gallery and merges the global top-k (a stateless worker on the silo that got the request).</summary>
public interface ISearchCoordinatorGrain : IGrainWithIntegerKey
{
    Task<ClusterAnswer> IdentifyAsync(ClusterQuery query);
}

using Orleans.Concurrency;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// Fan-out and merge (<see cref="ShardFanOut"/>), on the silo that received the query (a stateless worker: one or more
/// per silo, no placement hop).
/// </summary>
[StatelessWorker]
internal sealed class SearchCoordinatorGrain(ILogger<SearchCoordinatorGrain> logger) : Grain, ISearchCoordinatorGrain
{
    public Task<ClusterAnswer> IdentifyAsync(ClusterQuery query) => ShardFanOut.SearchAsync(GrainFactory, query, logger);
}

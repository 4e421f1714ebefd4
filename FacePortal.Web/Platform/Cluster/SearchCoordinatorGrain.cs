using Orleans.Concurrency;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// Fan-out and merge, on the silo that received the query (a stateless worker: one or more per silo, no placement
/// hop). Shards partition identities, so an identity's score comes from one shard and the merged top-k of the
/// shards' top-k equals the top-k of the whole gallery. Shards that have not answered at the deadline, or answered
/// at another version, are left out: the answer says how many did.
/// </summary>
[StatelessWorker]
internal sealed class SearchCoordinatorGrain(ILogger<SearchCoordinatorGrain> logger) : Grain, ISearchCoordinatorGrain
{
    // Shards may wait this share of the deadline for a (re)load; the rest is for the answers to come back.
    private const double ShardWaitShare = 0.7;

    public async Task<ClusterAnswer> IdentifyAsync(ClusterQuery query)
    {
        var gallery = query.Gallery.ToSearch();
        var shardQuery = new ShardQuery(query.Version, query.Probe, query.K, query.Scoring, (int)(query.DeadlineMilliseconds * ShardWaitShare));
        var calls = new Task<ShardAnswer>[query.Shards];
        for (var s = 0; s < calls.Length; s++)
        {
            calls[s] = GrainFactory.GetGrain<IShardGrain>(ShardKey.For(gallery, s, query.Shards).ToString()).IdentifyAsync(shardQuery);
        }
        var all = Task.WhenAll(calls);
        using (var timer = new CancellationTokenSource())
        {
            var first = await Task.WhenAny(all, Task.Delay(query.DeadlineMilliseconds, timer.Token));
            if (first == all)
            {
                await timer.CancelAsync();
            }
        }
        if (!all.IsCompleted)
        {
            // Late answers are dropped; their failures are seen here so they do not go unobserved.
            _ = all.ContinueWith(t => logger.LogDebug(t.Exception, "Late shard calls failed"), CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        var answered = calls.Where(c => c.IsCompletedSuccessfully && c.Result.Status == ShardStatus.Ready && c.Result.Version == query.Version)
            .Select(c => c.Result).ToList();
        if (answered.Count < calls.Length)
        {
            logger.LogDebug("Gallery {Gallery}: {Answered} of {Shards} shards answered ({Statuses})", gallery.GalleryId, answered.Count, calls.Length,
                string.Join(", ", calls.Select(c => c.IsCompletedSuccessfully ? c.Result.Status.ToString() : c.IsFaulted ? "error" : "late")));
        }
        var merged = answered.SelectMany(a => a.Candidates)
            .GroupBy(c => c.IdentityId)
            .Select(g => g.MinBy(c => c.Distance)!)
            .OrderBy(c => c.Distance).ThenBy(c => c.IdentityId)
            .Take(query.K)
            .ToArray();
        var approximate = answered.Where(a => a.Approximate).ToList();
        return new ClusterAnswer(merged, answered.Count, calls.Length, answered.Sum(a => (long)a.Rows), approximate.Count > 0,
            approximate.Count > 0 ? approximate.Min(a => a.RecallAt10) : null);
    }
}

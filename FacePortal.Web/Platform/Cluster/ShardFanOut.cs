namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// One query to every shard of a gallery and the merge of their top-k, bounded by the query's deadline: what the
/// coordinator grain runs on its silo, and what <see cref="ClusterFaceSearch"/> runs itself when no coordinator has
/// answered (its silo lost mid-call). Shards partition identities, so an identity's score comes from one shard and
/// the merged top-k of the shards' top-k equals the top-k of the whole gallery. Shards that have not answered at the
/// deadline, or answered at another version, are left out: the answer says how many did. Never throws for a shard.
/// </summary>
internal static class ShardFanOut
{
    // Shards may wait this share of the deadline for a (re)load; the rest is for the answers to come back.
    private const double ShardWaitShare = 0.7;

    public static async Task<ClusterAnswer> SearchAsync(IGrainFactory grains, ClusterQuery query, ILogger logger)
    {
        var gallery = query.Gallery.ToSearch();
        var shardQuery = new ShardQuery(query.Version, query.Probe, query.K, query.Scoring, (int)(query.DeadlineMilliseconds * ShardWaitShare));
        var calls = new Task<ShardAnswer>[query.Shards];
        for (var s = 0; s < calls.Length; s++)
        {
            calls[s] = Call(grains.GetGrain<IShardGrain>(ShardKey.For(gallery, s, query.Shards).ToString()), shardQuery);
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
            approximate.Count > 0 ? approximate.Min(a => a.RecallAt10) : null, answered.Count > 0 ? answered.Max(a => a.SearchMilliseconds) : 0,
            answered.Sum(a => a.SearchMilliseconds));
    }

    // A call that throws at once (a grain reference to a dead gateway) counts as a shard that did not answer.
    private static Task<ShardAnswer> Call(IShardGrain shard, ShardQuery query)
    {
        try
        {
            return shard.IdentifyAsync(query);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Task.FromException<ShardAnswer>(e);
        }
    }
}

namespace FacePortal.Web.Platform.Jobs;

/// <summary>
/// Fans job progress out to subscribers, each with its own bounded feed; publishing never waits for a slow page
/// (a full feed drops its oldest entry: every entry is a whole snapshot of its job).
/// </summary>
public sealed class JobNotifier
{
    private readonly Lock _lock = new();
    private readonly List<JobSubscription> _subscribers = [];

    /// <summary>
    /// A feed of the progress that <paramref name="filter"/> accepts, buffered from now on (so nothing published while
    /// the caller loads its first data is lost); it ends when disposed.
    /// </summary>
    public JobSubscription Subscribe(Func<JobProgress, bool>? filter = null)
    {
        var subscription = new JobSubscription(this, filter ?? (_ => true));
        lock (_lock)
        {
            _subscribers.Add(subscription);
        }
        return subscription;
    }

    public void Publish(JobProgress progress)
    {
        JobSubscription[] targets;
        lock (_lock)
        {
            targets = [.. _subscribers];
        }
        foreach (var t in targets)
        {
            t.Offer(progress);
        }
    }

    /// <summary>How many feeds are open (a page that went must leave none behind).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    internal void Remove(JobSubscription subscription)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscription);
        }
    }
}

namespace FacePortal.Web.Platform.Jobs;

/// <summary>Fans job progress out to the pages subscribed to it; a subscription ends when disposed.</summary>
public sealed class JobNotifier
{
    private readonly Lock _lock = new();
    private readonly List<Action<JobProgress>> _subscribers = [];

    public IDisposable Subscribe(Action<JobProgress> onProgress)
    {
        lock (_lock)
        {
            _subscribers.Add(onProgress);
        }
        return new Subscription(this, onProgress);
    }

    public void Publish(JobProgress progress)
    {
        Action<JobProgress>[] targets;
        lock (_lock)
        {
            targets = [.. _subscribers];
        }
        foreach (var t in targets)
        {
            t(progress);
        }
    }

    private sealed class Subscription(JobNotifier owner, Action<JobProgress> handler) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._subscribers.Remove(handler);
            }
        }
    }
}

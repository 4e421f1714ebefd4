using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace FacePortal.Web.Platform.Jobs;

/// <summary>One subscriber's feed of job progress (a bounded channel); disposing it unsubscribes.</summary>
public sealed class JobSubscription : IDisposable
{
    public const int Capacity = 256;

    private readonly JobNotifier _owner;
    private readonly Func<JobProgress, bool> _filter;
    private readonly Channel<JobProgress> _channel = Channel.CreateBounded<JobProgress>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    internal JobSubscription(JobNotifier owner, Func<JobProgress, bool> filter)
    {
        _owner = owner;
        _filter = filter;
    }

    internal void Offer(JobProgress progress)
    {
        if (_filter(progress))
        {
            _channel.Writer.TryWrite(progress);
        }
    }

    /// <summary>
    /// Progress in bursts: waits for the next entry, then returns it with everything queued behind it, so a slow
    /// reader handles a burst once instead of once per entry. Ends when disposed or cancelled.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<JobProgress>> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var batch = new List<JobProgress>();
            while (reader.TryRead(out var progress))
            {
                batch.Add(progress);
            }
            if (batch.Count > 0)
            {
                yield return batch;
            }
        }
    }

    public void Dispose()
    {
        _owner.Remove(this);
        _channel.Writer.TryComplete();
    }
}

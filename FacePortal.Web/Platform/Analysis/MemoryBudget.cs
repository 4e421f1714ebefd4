namespace FacePortal.Web.Platform.Analysis;

/// <summary>
/// A budget of bytes shared by the analyses in flight: each takes what it will need before it decodes, waits (first
/// come, first served) while the rest is taken, and gives it back when done. A request larger than the whole budget
/// runs once it is alone, so no valid image is refused for good.
/// </summary>
public sealed class MemoryBudget
{
    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private long _inUse;

    public MemoryBudget(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        Capacity = capacityBytes;
    }

    public long Capacity { get; }

    /// <summary>Bytes taken by the analyses running now.</summary>
    public long InUse
    {
        get
        {
            lock (_gate)
            {
                return _inUse;
            }
        }
    }

    /// <summary>Takes <paramref name="bytes"/>, waiting at most <paramref name="wait"/>; null when there was no room in time.</summary>
    public async Task<IDisposable?> TryTakeAsync(long bytes, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var amount = Math.Min(bytes, Capacity);
        Waiter waiter;
        lock (_gate)
        {
            // Only when nobody queued before us: a stream of small requests must not starve a large one.
            if (_waiting.Count == 0 && _inUse + amount <= Capacity)
            {
                _inUse += amount;
                return new Lease(this, amount);
            }
            waiter = new Waiter(amount);
            waiter.Node = _waiting.AddLast(waiter);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            return await waiter.Granted.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                if (waiter.Granted.Task.IsCompletedSuccessfully)
                {
                    // Granted while the timeout fired: give the bytes straight back.
                    Release(amount, locked: true);
                }
                else if (waiter.Node?.List is not null)
                {
                    _waiting.Remove(waiter.Node);
                    // Leaving the head of the queue may let the next ones in.
                    GrantWaiting();
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }
    }

    private void Release(long amount, bool locked)
    {
        if (locked)
        {
            _inUse -= amount;
            GrantWaiting();
            return;
        }
        lock (_gate)
        {
            _inUse -= amount;
            GrantWaiting();
        }
    }

    // Called under the lock: in order, as long as the head fits.
    private void GrantWaiting()
    {
        while (_waiting.First is { } first && _inUse + first.Value.Amount <= Capacity)
        {
            _waiting.RemoveFirst();
            _inUse += first.Value.Amount;
            first.Value.Granted.TrySetResult(new Lease(this, first.Value.Amount));
        }
    }

    private sealed class Waiter(long amount)
    {
        public long Amount { get; } = amount;

        public TaskCompletionSource<IDisposable> Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }

    private sealed class Lease(MemoryBudget budget, long amount) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                budget.Release(amount, locked: false);
            }
        }
    }
}

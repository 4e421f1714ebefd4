namespace FacePortal.Engine.Search;

/// <summary>The k smallest (distance, item) pairs of a stream, kept in a max-heap of size k.</summary>
internal sealed class TopK
{
    private readonly PriorityQueue<int, float> _heap;
    private readonly int _k;

    public TopK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        _k = k;
        // Max-heap: the root is the worst of the kept items, the one a better newcomer replaces.
        _heap = new PriorityQueue<int, float>(k + 1, Comparer<float>.Create((x, y) => y.CompareTo(x)));
    }

    public void Offer(int item, float distance)
    {
        if (_heap.Count < _k)
        {
            _heap.Enqueue(item, distance);
        }
        else if (_heap.TryPeek(out _, out var worst) && distance < worst)
        {
            _heap.DequeueEnqueue(item, distance);
        }
    }

    /// <summary>Nearest first; ties by item, so results are deterministic.</summary>
    public Neighbour[] Sorted()
    {
        var result = _heap.UnorderedItems.Select(x => new Neighbour(x.Element, x.Priority)).ToArray();
        Array.Sort(result, (x, y) => x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance) : x.Row.CompareTo(y.Row));
        return result;
    }
}

using FacePortal.Engine.Search;

namespace FacePortal.Engine.Curation;

/// <summary>
/// Each face's k nearest others within a distance, found a batch of rows at a time, so a long job can save what it
/// found between batches and go on from there after a restart. Exact (all rows scanned, rows of a batch in parallel)
/// or through an HNSW index (USearch, built once when the finder is made; an exact scan for a row it cannot answer).
/// </summary>
public sealed class NeighbourFinder : IDisposable
{
    private readonly DescriptorSet _set;
    private readonly int _k;
    private readonly double _maxDistance;
    private readonly GalleryIndex? _index;
    private readonly ApproximateIndex? _hnsw;

    private NeighbourFinder(DescriptorSet set, int k, double maxDistance, GalleryIndex? index, ApproximateIndex? hnsw)
    {
        _set = set;
        _k = k;
        _maxDistance = maxDistance;
        _index = index;
        _hnsw = hnsw;
    }

    /// <summary>True when the lists come from the HNSW index.</summary>
    public bool Approximate => _hnsw is not null;

    /// <summary>The index's measured recall@10 (1 for the exact finder).</summary>
    public double RecallAt10 => _hnsw?.RecallAt10 ?? 1;

    public static NeighbourFinder Exact(DescriptorSet set, int k, double maxDistance)
    {
        Check(set, k, maxDistance);
        return new NeighbourFinder(set, k, maxDistance, null, null);
    }

    /// <summary>Builds the HNSW index over every row now (the expensive part at 100k faces).</summary>
    public static NeighbourFinder Approximated(DescriptorSet set, int k, double maxDistance, ApproximateIndexOptions options, CancellationToken cancellationToken = default)
    {
        Check(set, k, maxDistance);
        ArgumentNullException.ThrowIfNull(options);
        var index = new GalleryIndex(0, "", "", set.Metric, set.Dimension,
            [.. Enumerable.Range(0, set.Count).Select(r => new GalleryIndexRow(r, r, r, "", "", set.Row(r).ToArray()))]);
        try
        {
            return new NeighbourFinder(set, k, maxDistance, index, ApproximateIndex.Build(index, options, cancellationToken));
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>Neighbour lists (nearest first, self left out) of rows <paramref name="start"/> .. start + count - 1.</summary>
    public (int Node, double Distance)[][] Find(int start, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, _set.Count, nameof(count));
        var lists = new (int, double)[count][];
        if (_hnsw is null)
        {
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, b => lists[b] = ExactRow(start + b));
            return lists;
        }
        var probe = new float[_set.Dimension];
        for (var b = 0; b < count; b++)
        {
            if (b % 256 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var r = start + b;
            _index!.Row(r).CopyTo(probe);
            var found = _hnsw.Search(probe, _k + 1) ?? _index.SearchExact(probe, _k + 1);
            lists[b] = [.. found.Where(n => n.Row != r && n.Distance <= _maxDistance).Select(n => (n.Row, (double)n.Distance))];
        }
        return lists;
    }

    private (int, double)[] ExactRow(int i)
    {
        var n = _set.Count;
        var best = new PriorityQueue<int, double>(); // max-heap by distance through negation
        for (var j = 0; j < n; j++)
        {
            if (j == i)
            {
                continue;
            }
            var d = _set.Distance(i, j);
            if (d > _maxDistance)
            {
                continue;
            }
            best.Enqueue(j, -d);
            if (best.Count > _k)
            {
                best.Dequeue();
            }
        }
        var found = new (int, double)[best.Count];
        for (var f = found.Length - 1; f >= 0; f--)
        {
            best.TryDequeue(out var j, out var negative);
            found[f] = (j, -negative);
        }
        return found;
    }

    private static void Check(DescriptorSet set, int k, double maxDistance)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (!double.IsFinite(maxDistance) || maxDistance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDistance), maxDistance, "The threshold must be a finite distance of 0 or more.");
        }
    }

    public void Dispose()
    {
        _hnsw?.Dispose();
        _index?.Dispose();
    }
}

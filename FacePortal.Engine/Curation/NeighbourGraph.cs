using FacePortal.Engine.Search;

namespace FacePortal.Engine.Curation;

/// <summary>
/// The faces' k-nearest-neighbour graph cut at a distance threshold, as adjacency lists. <see cref="Exact"/> scans
/// all rows (fine to ~20k faces); <see cref="FromNeighbours"/> takes the lists an index returned (USearch at 100k+),
/// so the clustering never compares all pairs itself.
/// </summary>
public sealed class NeighbourGraph
{
    private readonly List<(int Node, double Distance)>[] _adjacent;

    private NeighbourGraph(int count)
    {
        _adjacent = new List<(int, double)>[count];
        for (var i = 0; i < count; i++)
        {
            _adjacent[i] = [];
        }
    }

    public int Count => _adjacent.Length;

    public IReadOnlyList<(int Node, double Distance)> Neighbours(int node) => _adjacent[node];

    public int EdgeCount => _adjacent.Sum(a => a.Count) / 2;

    /// <summary>Each face linked to its <paramref name="k"/> nearest others within <paramref name="maxDistance"/>.</summary>
    public static NeighbourGraph Exact(DescriptorSet set, int k, double maxDistance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var n = set.Count;
        var lists = new (int, double)[n][];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var best = new PriorityQueue<int, double>(); // max-heap by distance through negation
            for (var j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }
                var d = set.Distance(i, j);
                if (d > maxDistance)
                {
                    continue;
                }
                best.Enqueue(j, -d);
                if (best.Count > k)
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
            lists[i] = found;
        });
        return FromNeighbours(n, lists);
    }

    /// <summary>
    /// Each face linked to its <paramref name="k"/> nearest others within <paramref name="maxDistance"/>, found through
    /// the 1:N search's approximate index (each row added and searched once; exact scan for a row the index cannot
    /// answer), with the index's measured recall@10. <paramref name="progress"/> is told the rows searched so far.
    /// </summary>
    public static (NeighbourGraph Graph, double RecallAt10) Approximate(DescriptorSet set, int k, double maxDistance, ApproximateIndexOptions options,
        Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        using var index = new GalleryIndex(0, "", "", set.Metric, set.Dimension,
            [.. Enumerable.Range(0, set.Count).Select(r => new GalleryIndexRow(r, r, r, "", "", set.Row(r).ToArray()))]);
        using var hnsw = ApproximateIndex.Build(index, options, cancellationToken);
        var lists = new IReadOnlyList<(int Node, double Distance)>[set.Count];
        var probe = new float[set.Dimension];
        for (var r = 0; r < set.Count; r++)
        {
            if (r % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke(r);
            }
            index.Row(r).CopyTo(probe);
            var found = hnsw.Search(probe, k + 1) ?? index.SearchExact(probe, k + 1);
            lists[r] = [.. found.Where(n => n.Row != r && n.Distance <= maxDistance).Select(n => (n.Row, (double)n.Distance))];
        }
        return (FromNeighbours(set.Count, lists), hnsw.RecallAt10);
    }

    /// <summary>From per-face neighbour lists (node, distance); links are made symmetric, self-links dropped.</summary>
    public static NeighbourGraph FromNeighbours(int count, IReadOnlyList<IReadOnlyList<(int Node, double Distance)>> neighbours)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        var graph = new NeighbourGraph(count);
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < neighbours.Count; i++)
        {
            foreach (var (j, d) in neighbours[i])
            {
                if (j == i || j < 0 || j >= count)
                {
                    continue;
                }
                var key = i < j ? (i, j) : (j, i);
                if (seen.Add(key))
                {
                    graph._adjacent[i].Add((j, d));
                    graph._adjacent[j].Add((i, d));
                }
            }
        }
        return graph;
    }
}

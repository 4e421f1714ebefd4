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
        using var finder = NeighbourFinder.Exact(set, k, maxDistance);
        return FromNeighbours(set.Count, finder.Find(0, set.Count, cancellationToken));
    }

    /// <summary>
    /// Each face linked to its <paramref name="k"/> nearest others within <paramref name="maxDistance"/>, found through
    /// the 1:N search's approximate index (each row added and searched once; exact scan for a row the index cannot
    /// answer), with the index's measured recall@10. <paramref name="progress"/> is told the rows searched so far.
    /// </summary>
    public static (NeighbourGraph Graph, double RecallAt10) Approximate(DescriptorSet set, int k, double maxDistance, ApproximateIndexOptions options,
        Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        using var finder = NeighbourFinder.Approximated(set, k, maxDistance, options, cancellationToken);
        var lists = new IReadOnlyList<(int Node, double Distance)>[set.Count];
        for (var start = 0; start < set.Count; start += 1024)
        {
            progress?.Invoke(start);
            var batch = finder.Find(start, Math.Min(1024, set.Count - start), cancellationToken);
            batch.CopyTo(lists, start);
        }
        return (FromNeighbours(set.Count, lists), finder.RecallAt10);
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

using FacePortal.Engine.Search;

namespace FacePortal.Engine.Curation;

/// <summary>
/// Groups faces by descriptor: Chinese whispers over the k-nearest-neighbour graph cut at a distance threshold. The
/// graph is exact up to <see cref="ExactLimit"/> faces and comes from an HNSW index (USearch) above, so no all-pairs
/// scan is made at 100k faces. Singletons stay clusters of their own. Each cluster's cohesion is the mean distance
/// between its members (lower = tighter; from a seeded sample of pairs in large clusters).
/// </summary>
public static class FaceClusterer
{
    /// <summary>Up to this many faces the neighbour graph is exact (all pairs, in parallel).</summary>
    public const int ExactLimit = 20_000;

    /// <summary>Pairs sampled per cluster for its cohesion when it has more than this many.</summary>
    public const int CohesionPairs = 20_000;

    /// <summary>
    /// Clusters of <paramref name="set"/>'s rows at <paramref name="maxDistance"/>, with <paramref name="k"/> neighbours
    /// per face; <paramref name="progress"/> is told the stage reached ("graph", "clustering", "cohesion").
    /// </summary>
    public static FaceClustering Cluster(DescriptorSet set, double maxDistance, int k = 20, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!double.IsFinite(maxDistance) || maxDistance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDistance), maxDistance, "The threshold must be a finite distance of 0 or more.");
        }
        if (set.Count == 0)
        {
            return new FaceClustering([], [], false);
        }
        progress?.Invoke("graph");
        using var finder = Finder(set, k, maxDistance, cancellationToken);
        return FromNeighbours(set, maxDistance, finder.Find(0, set.Count, cancellationToken), finder.Approximate, progress, cancellationToken);
    }

    /// <summary>The neighbour finder <see cref="Cluster(DescriptorSet, double, int, Action{string}?, CancellationToken)"/> uses: exact up to <see cref="ExactLimit"/> faces, HNSW above.</summary>
    public static NeighbourFinder Finder(DescriptorSet set, int k, double maxDistance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        return set.Count > ExactLimit
            ? NeighbourFinder.Approximated(set, k, maxDistance, IndexOptions(k), cancellationToken)
            : NeighbourFinder.Exact(set, k, maxDistance);
    }

    /// <summary>
    /// Clusters from neighbour lists already found (one per row of <paramref name="set"/>, e.g. read back from a job's
    /// checkpoint); <paramref name="progress"/> is told "clustering" and "cohesion".
    /// </summary>
    public static FaceClustering FromNeighbours(DescriptorSet set, double maxDistance, IReadOnlyList<IReadOnlyList<(int Node, double Distance)>> neighbours, bool approximate,
        Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(neighbours);
        if (neighbours.Count != set.Count)
        {
            throw new ArgumentException($"{neighbours.Count} neighbour lists for {set.Count} faces", nameof(neighbours));
        }
        progress?.Invoke("clustering");
        var labels = ChineseWhispers.Cluster(NeighbourGraph.FromNeighbours(set.Count, neighbours), maxDistance, cancellationToken: cancellationToken);
        progress?.Invoke("cohesion");
        var members = Members(labels);
        var cohesion = new double[members.Count];
        Parallel.For(0, members.Count, new ParallelOptions { CancellationToken = cancellationToken }, c => cohesion[c] = Cohesion(set, members[c]));
        return new FaceClustering(labels, cohesion, approximate);
    }

    /// <summary>Row numbers per cluster label (label order).</summary>
    public static List<List<int>> Members(IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var members = new List<List<int>>();
        for (var row = 0; row < labels.Count; row++)
        {
            while (members.Count <= labels[row])
            {
                members.Add([]);
            }
            members[labels[row]].Add(row);
        }
        return members;
    }

    /// <summary>Mean distance between the rows (0 for fewer than two); sampled, seeded, above <see cref="CohesionPairs"/> pairs.</summary>
    public static double Cohesion(DescriptorSet set, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(rows);
        var n = rows.Count;
        if (n < 2)
        {
            return 0;
        }
        var pairs = (long)n * (n - 1) / 2;
        double sum = 0;
        if (pairs <= CohesionPairs)
        {
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    sum += set.Distance(rows[i], rows[j]);
                }
            }
            return sum / pairs;
        }
        var random = new Random(n);
        for (var s = 0; s < CohesionPairs; s++)
        {
            var i = random.Next(n);
            var j = random.Next(n - 1);
            sum += set.Distance(rows[i], rows[j >= i ? j + 1 : j]);
        }
        return sum / CohesionPairs;
    }

    /// <summary>The k-nearest-neighbour graph from the approximate index, at the index's own default (denser) settings.</summary>
    public static NeighbourGraph ApproximateGraph(DescriptorSet set, int k, double maxDistance, CancellationToken cancellationToken) =>
        NeighbourGraph.Approximate(set, k, maxDistance, IndexOptions(k), cancellationToken: cancellationToken).Graph;

    private static ApproximateIndexOptions IndexOptions(int k) => ApproximateIndexOptions.Default with { ExpansionSearch = Math.Max(64, 4 * k) };
}

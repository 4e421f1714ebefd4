namespace FacePortal.Engine.Curation;

/// <summary>
/// Chinese whispers graph clustering (Biemann 2006; dlib's chinese_whispers, used there for faces): every face
/// starts in its own cluster; in random order each adopts the cluster with the largest summed edge weight among its
/// neighbours, until nothing changes. Edge weight falls with distance. Linear in the edges per round; the number of
/// clusters is found, not given; faces without neighbours stay singletons. Seeded, so a run repeats exactly.
/// </summary>
public static class ChineseWhispers
{
    /// <summary>Cluster labels 0..C-1, numbered by decreasing cluster size (ties by the smallest member).</summary>
    public static int[] Cluster(NeighbourGraph graph, double maxDistance, int maxIterations = 100, int seed = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var n = graph.Count;
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = i;
        }
        var order = Enumerable.Range(0, n).ToArray();
        var random = new Random(seed);
        var votes = new Dictionary<int, double>();
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            random.Shuffle(order);
            var changed = 0;
            foreach (var node in order)
            {
                var neighbours = graph.Neighbours(node);
                if (neighbours.Count == 0)
                {
                    continue;
                }
                votes.Clear();
                foreach (var (other, distance) in neighbours)
                {
                    // Closer neighbours weigh more; maxDistance maps to a small positive weight.
                    var weight = 1 + (1 - (distance / Math.Max(maxDistance, 1e-12)));
                    votes[labels[other]] = votes.GetValueOrDefault(labels[other]) + weight;
                }
                var best = labels[node];
                var bestVote = double.NegativeInfinity;
                foreach (var (label, vote) in votes)
                {
                    if (vote > bestVote || (vote == bestVote && label < best))
                    {
                        best = label;
                        bestVote = vote;
                    }
                }
                if (best != labels[node])
                {
                    labels[node] = best;
                    changed++;
                }
            }
            if (changed == 0)
            {
                break;
            }
        }
        return Renumber(labels);
    }

    internal static int[] Renumber(int[] labels)
    {
        var groups = labels.Select((label, node) => (label, node)).GroupBy(x => x.label)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(x => x.node)).ToList();
        var result = new int[labels.Length];
        for (var c = 0; c < groups.Count; c++)
        {
            foreach (var (_, node) in groups[c])
            {
                result[node] = c;
            }
        }
        return result;
    }
}

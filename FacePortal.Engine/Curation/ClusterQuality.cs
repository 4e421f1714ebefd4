namespace FacePortal.Engine.Curation;

/// <summary>
/// Pairwise clustering quality against true labels: of all pairs of faces put in one cluster, the share that are
/// one person (precision); of all pairs that are one person, the share put together (recall); their F-measure.
/// Counted from the contingency table, O(n), never over the pairs themselves.
/// </summary>
public sealed record ClusterQuality(long TruePairs, long PredictedPairs, long CorrectPairs, double Precision, double Recall, double FMeasure, int Clusters, int Identities, int Singletons)
{
    public static ClusterQuality Pairwise(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        if (predicted.Count != truth.Count)
        {
            throw new ArgumentException("one predicted and one true label per face");
        }
        static long Pairs(long n) => n * (n - 1) / 2;
        var cells = new Dictionary<(int, int), long>();
        var clusters = new Dictionary<int, long>();
        var identities = new Dictionary<int, long>();
        for (var i = 0; i < predicted.Count; i++)
        {
            cells[(predicted[i], truth[i])] = cells.GetValueOrDefault((predicted[i], truth[i])) + 1;
            clusters[predicted[i]] = clusters.GetValueOrDefault(predicted[i]) + 1;
            identities[truth[i]] = identities.GetValueOrDefault(truth[i]) + 1;
        }
        var correct = cells.Values.Sum(Pairs);
        var predictedPairs = clusters.Values.Sum(Pairs);
        var truePairs = identities.Values.Sum(Pairs);
        var precision = predictedPairs == 0 ? 1 : (double)correct / predictedPairs;
        var recall = truePairs == 0 ? 1 : (double)correct / truePairs;
        var f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClusterQuality(truePairs, predictedPairs, correct, precision, recall, f, clusters.Count, identities.Count, clusters.Values.Count(c => c == 1));
    }
}

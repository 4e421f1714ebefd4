using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Recognition;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// Everything the threshold explorer shows at one threshold: the confusion counts and their rates, with Wilson 95%
/// intervals on FAR, FRR and accuracy, and the threshold as a distance.
/// </summary>
public sealed record ThresholdReport(ConfusionAtThreshold Confusion, double Distance, RateInterval Far, RateInterval Frr, RateInterval Accuracy)
{
    public double Threshold => Confusion.Threshold;

    public static ThresholdReport At(SortedScores scores, double threshold, DistanceMetric metric)
    {
        var c = scores.AtThreshold(threshold);
        return new ThresholdReport(
            c,
            ScoreConventions.ToDistance(threshold, metric),
            RateInterval.Wilson(c.FalsePositives, c.ImpostorCount),
            RateInterval.Wilson(c.FalseNegatives, c.GenuineCount),
            RateInterval.Wilson(c.TruePositives + c.TrueNegatives, c.Count));
    }
}

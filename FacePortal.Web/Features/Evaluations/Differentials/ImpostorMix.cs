namespace FacePortal.Web.Features.Evaluations.Differentials;

/// <summary>
/// FMR at the global threshold over the impostor pairs whose two sides share the tag value (what a pair set of matched
/// impostors measures) beside those across two values: random impostors mix both, and the cross-tag ones are the easy
/// ones, so the random-impostor FMR flatters a model. <see cref="SameOverCross"/> is how much harder matched ones are.
/// </summary>
public sealed record ImpostorMix(long SameTagPairs, long SameTagFalseAccepts, long CrossTagPairs, long CrossTagFalseAccepts)
{
    public double? SameTagFmr => SameTagPairs == 0 ? null : (double)SameTagFalseAccepts / SameTagPairs;

    public double? CrossTagFmr => CrossTagPairs == 0 ? null : (double)CrossTagFalseAccepts / CrossTagPairs;

    /// <summary>Null when either side has no pair, or the cross-tag pairs no false accept.</summary>
    public double? SameOverCross => SameTagFmr is { } s && CrossTagFmr is > 0 and var c ? s / c : null;

    /// <summary>From the (symmetric) heatmap: its diagonal, and the cells above it for the cross-tag pairs.</summary>
    public static ImpostorMix From(DifferentialHeatmap heatmap)
    {
        ArgumentNullException.ThrowIfNull(heatmap);
        long samePairs = 0, sameAccepts = 0, crossPairs = 0, crossAccepts = 0;
        for (var i = 0; i < heatmap.Labels.Count; i++)
        {
            samePairs += heatmap.Impostors[i][i];
            sameAccepts += heatmap.FalseAccepts[i][i];
            for (var j = i + 1; j < heatmap.Labels.Count; j++)
            {
                crossPairs += heatmap.Impostors[i][j];
                crossAccepts += heatmap.FalseAccepts[i][j];
            }
        }
        return new ImpostorMix(samePairs, sameAccepts, crossPairs, crossAccepts);
    }
}

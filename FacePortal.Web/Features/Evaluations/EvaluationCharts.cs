using FacePortal.Engine.Evaluation;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// The series behind the result charts, from one score snapshot. Curves come from the ROC thinned by
/// <see cref="RocDownsampler"/> (at most ~2,000 points, the low-FAR end kept); thresholds are scores.
/// </summary>
public static class EvaluationCharts
{
    public const int HistogramBins = 60;

    public static IReadOnlyList<RocPoint> Thinned(EvaluationScores scores) => RocDownsampler.Downsample(scores.Roc);

    /// <summary>TAR against FAR; points at FAR 0 are dropped (they have no place on a log axis).</summary>
    public static ChartSeries Roc(string name, EvaluationScores scores)
    {
        var points = Thinned(scores).Where(p => p.Far > 0).ToList();
        return new ChartSeries(name, [.. points.Select(p => p.Far)], [.. points.Select(p => p.Tar)]);
    }

    /// <summary>FRR (false non-match rate) against FAR, both on log axes.</summary>
    public static ChartSeries Det(string name, EvaluationScores scores)
    {
        var points = Thinned(scores).Where(p => p.Far > 0 && p.Tar < 1).ToList();
        return new ChartSeries(name, [.. points.Select(p => p.Far)], [.. points.Select(p => 1 - p.Tar)]);
    }

    /// <summary>FMR(t) and FNMR(t) over the thresholds of real scores (missing faces left out of the axis).</summary>
    public static (ChartSeries Fmr, ChartSeries Fnmr) RatesByThreshold(EvaluationScores scores)
    {
        var floor = scores.ScoreRange.Min;
        var points = Thinned(scores).Where(p => double.IsFinite(p.Threshold) && p.Threshold >= floor).Reverse().ToList();
        return (new ChartSeries("FMR", [.. points.Select(p => p.Threshold)], [.. points.Select(p => p.Far)]),
                new ChartSeries("FNMR", [.. points.Select(p => p.Threshold)], [.. points.Select(p => 1 - p.Tar)]));
    }

    /// <summary>
    /// The DET of the comparisons with both templates, with the report's thresholds marked and the 95% bootstrap
    /// band of FNMR around each (points at a zero rate are left out: a log axis has no place for them).
    /// </summary>
    public static IReadOnlyList<ChartSeries> DetWithIntervals(string name, EvaluationScores withBothTemplates, IReadOnlyList<ReportCurvePoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var points = curve.Where(c => c.FalseMatchRate.Estimate > 0 && c.FalseNonMatchRate.Estimate > 0).OrderBy(c => c.FalseMatchRate.Estimate).ToList();
        ChartSeries Band(string n, Func<ReportCurvePoint, double?> y)
        {
            var kept = points.Where(p => y(p) is > 0).ToList();
            return new ChartSeries(n, [.. kept.Select(p => p.FalseMatchRate.Estimate!.Value)], [.. kept.Select(p => y(p)!.Value)], Dashed: true);
        }
        return [Det(name, withBothTemplates),
            new ChartSeries("thresholds", [.. points.Select(p => p.FalseMatchRate.Estimate!.Value)], [.. points.Select(p => p.FalseNonMatchRate.Estimate!.Value)], Markers: true),
            Band("FNMR upper 95%", p => p.FalseNonMatchRate.Upper95), Band("FNMR lower 95%", p => p.FalseNonMatchRate.Lower95)];
    }

    /// <summary>FMR(t) and FNMR(t) of the comparisons with both templates with their 95% bootstrap bands at the report's thresholds.</summary>
    public static IReadOnlyList<ChartSeries> RatesWithIntervals(EvaluationScores withBothTemplates, IReadOnlyList<ReportCurvePoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var (fmr, fnmr) = RatesByThreshold(withBothTemplates);
        ChartSeries Band(string n, Func<ReportCurvePoint, double?> y)
        {
            var kept = curve.Where(p => y(p) is > 0).OrderBy(p => p.Threshold).ToList();
            return new ChartSeries(n, [.. kept.Select(p => p.Threshold)], [.. kept.Select(p => y(p)!.Value)], Dashed: true);
        }
        return [fmr, fnmr,
            Band("FMR upper 95%", p => p.FalseMatchRate.Upper95), Band("FMR lower 95%", p => p.FalseMatchRate.Lower95),
            Band("FNMR upper 95%", p => p.FalseNonMatchRate.Upper95), Band("FNMR lower 95%", p => p.FalseNonMatchRate.Lower95)];
    }

    /// <summary>Genuine and impostor score histograms (share of each class per bin), pairs with a missing face left out.</summary>
    public static (ChartSeries Genuine, ChartSeries Impostor) Histograms(EvaluationScores scores, int bins = HistogramBins)
    {
        var (min, max) = scores.ScoreRange;
        var width = max > min ? (max - min) / bins : 1;
        var genuine = new double[bins];
        var impostor = new double[bins];
        int g = 0, i = 0;
        for (var k = 0; k < scores.Count; k++)
        {
            if (scores.Missing[k])
            {
                continue;
            }
            var bin = Math.Clamp((int)((scores.Scores[k] - min) / width), 0, bins - 1);
            if (scores.Same[k])
            {
                genuine[bin]++;
                g++;
            }
            else
            {
                impostor[bin]++;
                i++;
            }
        }
        var centres = Enumerable.Range(0, bins).Select(b => min + ((b + 0.5) * width)).ToArray();
        return (new ChartSeries("genuine", centres, [.. genuine.Select(c => g > 0 ? c / g : 0)], Bars: true),
                new ChartSeries("impostor", centres, [.. impostor.Select(c => i > 0 ? c / i : 0)], Bars: true));
    }
}

using System.Diagnostics;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// Turns a finished run's scores and image outcomes into <see cref="EvaluationStandards"/> with the engine's
/// Standards code: FTA/FTE counted from the images, FMR/FNMR over the comparisons with both templates (a pair with
/// a failed image is a failure, not a scored comparison), system FAR/FRR, and subject-level bootstrap intervals at
/// the report's threshold and at a grid of thresholds.
/// </summary>
public static class EvaluationStandardsCalculator
{
    private const int MaxExamples = 50;

    public static async Task<EvaluationStandards> ComputeAsync(
        IReadOnlyList<StandardsPair> pairs, IReadOnlyList<StandardsImage> images, EvaluationOptions options, DateTimeOffset now,
        Func<int, CancellationToken, Task> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var failures = Failures(images);

        var both = pairs.Where(p => !p.Missing).Select(p => new SubjectPair(p.Score, p.Same, p.SubjectA, p.SubjectB)).ToList();
        var mated = both.Count(p => p.Same);
        var sorted = both.Count == 0 ? null : SortedScores.Create([.. both.Select(p => new ScoredPair(p.Score, p.Same, 0))]);
        var (threshold, rule) = Threshold(sorted, options.ReportFmrTarget);
        var at = sorted is null ? default : VerificationEvaluator.AtThreshold(sorted, threshold);
        var system = SystemRates.Compute(failures.Samples, failures.FailedToAcquire, failures.Subjects, failures.FailedToEnrol,
            sorted is null ? 0 : at.Fmr, sorted is null ? 0 : at.Fnmr);

        SubjectBootstrapResult? bootstrap = null;
        var curve = new List<CurveInterval>();
        var clock = Stopwatch.StartNew();
        if (sorted is not null)
        {
            var grid = Grid(sorted, [.. both.Select(p => p.Score)], threshold, options.CurveThresholds);
            await progress(grid.Count, cancellationToken);
            // One bootstrap serves the report's threshold and the whole curve (each resample is read at every threshold).
            var run = SubjectBootstrap.RunWithCurve(both, threshold, VerificationEvaluator.DefaultFarTargets, grid, options.BootstrapResamples, options.BootstrapSeed, cancellationToken);
            bootstrap = run.AtThreshold;
            curve.AddRange(run.Curve.Select(c => new CurveInterval(c.Threshold, c.Fmr, c.Fnmr)));
        }
        return new EvaluationStandards(
            EvaluationStandards.CurrentVersion, now, failures, pairs.Count, both.Count, mated, both.Count - mated,
            options.ReportFmrTarget, threshold, rule, system, bootstrap, curve, clock.Elapsed.TotalSeconds);
    }

    /// <summary>FTA over the images, FTE over the subjects (a subject fails when none of its images has a template).</summary>
    public static FailureCounts Failures(IReadOnlyList<StandardsImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var failed = images.Where(i => i.Failure is not null).ToList();
        var subjects = images.GroupBy(i => i.SubjectId).ToList();
        return new FailureCounts(
            images.Count, failed.Count, subjects.Count, subjects.Count(s => s.All(i => i.Failure is not null)),
            failed.GroupBy(i => i.Failure!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            [.. failed.OrderBy(i => i.ImageId).Take(MaxExamples).Select(i => new ImageFailure(i.ImageId, i.Name, i.Failure!))]);
    }

    /// <summary>The threshold for the target FMR (NIST's convention); the EER's or the best accuracy's when it cannot be measured.</summary>
    private static (double Threshold, string Rule) Threshold(SortedScores? sorted, double fmrTarget)
    {
        if (sorted is null)
        {
            return (0, "no comparison with both templates");
        }
        var tar = VerificationEvaluator.TarAtFar(sorted, fmrTarget);
        if (!tar.Unreachable && double.IsFinite(tar.Threshold))
        {
            return (tar.Threshold, FormattableString.Invariant($"FMR <= {fmrTarget:0.######} over the comparisons with both templates"));
        }
        if (VerificationEvaluator.Eer(sorted) is { } eer && double.IsFinite(eer.Threshold))
        {
            return (eer.Threshold, FormattableString.Invariant($"EER (too few non-mated comparisons to measure FMR {fmrTarget:0.######})"));
        }
        return (VerificationEvaluator.BestAccuracyThreshold(sorted).Threshold, "best accuracy (one kind of comparison only)");
    }

    /// <summary>The thresholds of FMR 1e-1..1e-6, the EER, the report's, and evenly spaced quantiles of the scores.</summary>
    private static List<double> Grid(SortedScores sorted, double[] scores, double threshold, int quantiles)
    {
        var points = new List<double> { threshold };
        points.AddRange(VerificationEvaluator.DefaultFarTargets.Select(t => VerificationEvaluator.TarAtFar(sorted, t))
            .Where(t => !t.Unreachable && double.IsFinite(t.Threshold)).Select(t => t.Threshold));
        if (VerificationEvaluator.Eer(sorted) is { } eer && double.IsFinite(eer.Threshold))
        {
            points.Add(eer.Threshold);
        }
        Array.Sort(scores);
        for (var q = 1; q <= quantiles; q++)
        {
            points.Add(scores[(int)((long)(scores.Length - 1) * q / (quantiles + 1))]);
        }
        return [.. points.Where(double.IsFinite).Distinct().Order()];
    }
}

using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Evaluation.Standards;
using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// Calibrates Verify and Identify scores on the model's reference evaluation (<see cref="EvaluationOptions.ReferencePairSetId"/>,
/// or the latest completed evaluation of the model and metric that has intervals). The estimate at a score is exact
/// (from the reference's comparisons with both templates); its interval encloses the subject-level bootstrap interval
/// between the two stored thresholds around the score (FMR and FNMR are monotone in the threshold, resample by resample).
/// </summary>
public sealed class ScoreCalibrationService(
    IDbContextFactory<PortalDbContext> databases, EvaluationService evaluations, IOptions<EvaluationOptions> options)
{
    public const string Method =
        "95% subject-level bootstrap; at a score between two stored thresholds, the interval enclosing both thresholds' intervals";

    /// <summary>The reference evaluation of a model and metric: its id, or null when there is none.</summary>
    public async Task<int?> ReferenceRunAsync(string model, DistanceMetric metric, CancellationToken cancellationToken)
    {
        var setId = options.Value.ReferencePairSetId;
        var metricName = metric.ToString();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.EvaluationRuns.AsNoTracking()
            .Where(r => r.Model == model && r.Metric == metricName && r.Standards != null && (setId == null || r.PairSetId == setId))
            .Where(r => db.Jobs.Any(j => j.Id == r.JobId && j.State == JobState.Completed))
            .OrderByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The calibration of a comparison at <paramref name="distance"/> (the model's metric) judged at
    /// <paramref name="thresholdDistance"/> (from <paramref name="thresholdSource"/>).
    /// </summary>
    public async Task<ScoreCalibration> CalibrateAsync(
        string model, DistanceMetric metric, double distance, double thresholdDistance, string thresholdSource, CancellationToken cancellationToken)
    {
        if (await ReferenceRunAsync(model, metric, cancellationToken) is not { } runId)
        {
            var where = options.Value.ReferencePairSetId is { } set ? $" on the reference pair set {set} ({EvaluationOptions.Section}:ReferencePairSetId)" : "";
            return ScoreCalibration.None($"No completed evaluation of {model} ({metric}) with intervals{where}: the score has no calibration.");
        }
        var run = await evaluations.GetAsync(runId, cancellationToken);
        var scores = (await evaluations.ScoresAsync(runId, cancellationToken)).WithBothTemplates;
        EvaluationStandards? standards;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            standards = EvaluationStandards.FromJson(await db.EvaluationRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => r.Standards).FirstAsync(cancellationToken));
        }
        if (run is null || standards is null || scores.Sorted is not { } sorted)
        {
            return ScoreCalibration.None($"Evaluation {runId} of {model} has no comparisons with both templates: the score has no calibration.");
        }
        var score = ScoreConventions.ToScore(distance, metric);
        var (fmr, fnmr) = At(sorted, standards.Curve, score);
        var thresholdScore = ScoreConventions.ToScore(thresholdDistance, metric);
        var (pointFmr, pointFnmr) = At(sorted, standards.Curve, thresholdScore);
        return new ScoreCalibration(true, null, run.Id, run.PairSetId, run.PairSetName, run.PipelineSignature, run.FinishedAt,
            score, fmr, fnmr, fnmr.Estimate, 1 - fmr.Estimate, Method,
            new CalibrationOperatingPoint(thresholdSource, thresholdDistance, thresholdScore, pointFmr, pointFnmr));
    }

    /// <summary>The metric of a configured model; null when there is no such model.</summary>
    public DistanceMetric? MetricOf(string model) => evaluations.Models.FirstOrDefault(m => m.Name == model)?.Metric;

    /// <summary>
    /// Identify's calibration: the best candidate's distance on the model's reference evaluation (the FMR is per
    /// comparison; a search of N identities makes N comparisons, so its false positive rate grows with N).
    /// </summary>
    public async Task<ScoreCalibration> CalibrateCandidateAsync(string model, double? bestDistance, double thresholdDistance, bool thresholdRequested, CancellationToken cancellationToken)
    {
        if (evaluations.Models.FirstOrDefault(m => m.Name == model) is not { } options)
        {
            return ScoreCalibration.None($"The model {model} is not configured: the score has no calibration.");
        }
        if (bestDistance is not { } distance)
        {
            return ScoreCalibration.None("No candidate to calibrate.");
        }
        return await CalibrateAsync(model, options.Metric, distance, thresholdDistance,
            await ThresholdSourceAsync(model, options.Metric, thresholdRequested, cancellationToken), cancellationToken);
    }

    /// <summary>Where the threshold of an answer came from: the request, the model's latest operating point, or its configured threshold.</summary>
    public async Task<string> ThresholdSourceAsync(string model, DistanceMetric metric, bool requested, CancellationToken cancellationToken)
    {
        if (requested)
        {
            return "the request's threshold";
        }
        return await DefaultThreshold.OperatingPointAsync(databases, model, metric, cancellationToken) is { } point
            ? $"operating point '{point.Name}' (saved from evaluation {point.RunId})"
            : "the model's configured threshold";
    }

    /// <summary>The reference run's scores with both templates (the Verify page's distribution chart).</summary>
    public async Task<EvaluationScores> ReferenceScoresAsync(int runId, CancellationToken cancellationToken) =>
        (await evaluations.ScoresAsync(runId, cancellationToken)).WithBothTemplates;

    /// <summary>FMR and FNMR at <paramref name="score"/>: exact estimates, intervals enclosed by the stored grid.</summary>
    public static (CalibratedRate Fmr, CalibratedRate Fnmr) At(SortedScores sorted, IReadOnlyList<CurveInterval> curve, double score)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentNullException.ThrowIfNull(curve);
        var c = sorted.AtThreshold(score);
        var below = curve.Where(p => p.Threshold <= score).MaxBy(p => p.Threshold);
        var above = curve.Where(p => p.Threshold >= score).MinBy(p => p.Threshold);
        // FMR falls and FNMR rises with the threshold: the value at the score lies between the neighbours' values.
        var fmrLower = Lower(above?.Fmr);
        var fmrUpper = Upper(below?.Fmr);
        var fnmrLower = Lower(below?.Fnmr);
        var fnmrUpper = Upper(above?.Fnmr);
        return (Rate(c.Fmr, fmrLower, fmrUpper, c.FalsePositives, c.ImpostorCount), Rate(c.Fnmr, fnmrLower, fnmrUpper, c.FalseNegatives, c.GenuineCount));
    }

    private static double Lower(BootstrapInterval? i) => i is { Lower: var l } && double.IsFinite(l) ? l : 0;

    private static double Upper(BootstrapInterval? i) => i is { Upper: var u } && double.IsFinite(u) ? u : 1;

    private static CalibratedRate Rate(double estimate, double lower, double upper, long errors, long trials) =>
        new(estimate, Math.Min(lower, estimate), Math.Max(upper, estimate), errors, trials, ErrorRateBounds.FewErrors(errors), ErrorRateBounds.RuleOfThreeUpper(errors, trials));
}

using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Evaluation.Standards;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// The report card of one evaluation (page and REST share it): the stored standards figures, the run's facts and
/// the LFW-convention accuracy from its scores. Nothing is recomputed but the accuracy (one pass over the snapshot).
/// </summary>
public sealed class ReportCardService(IDbContextFactory<PortalDbContext> databases, EvaluationService evaluations)
{
    public const string ScoreConvention = "higher = more alike; a comparison is a match when score >= threshold";

    /// <summary>The stored standards figures of a run; null while it scores or for a run stored before they existed.</summary>
    public async Task<EvaluationStandards?> StandardsAsync(int runId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var json = await db.EvaluationRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => r.Standards).FirstOrDefaultAsync(cancellationToken);
        return EvaluationStandards.FromJson(json);
    }

    /// <summary>Null when there is no such run.</summary>
    public async Task<ReportCard?> GetAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await evaluations.GetAsync(runId, cancellationToken);
        if (run is null)
        {
            return null;
        }
        var scores = await evaluations.ScoresAsync(runId, cancellationToken);
        var standards = await StandardsAsync(runId, cancellationToken);
        string source;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            source = await db.PairSets.AsNoTracking().Where(s => s.Id == run.PairSetId).Select(s => s.Source).FirstOrDefaultAsync(cancellationToken) ?? "";
        }
        return Build(run, scores, standards, source);
    }

    public static ReportCard Build(EvaluationRunInfo run, EvaluationScores scores, EvaluationStandards? standards, string pairSetSource)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(scores);
        var metrics = scores.Metrics;
        var mated = scores.Same.Count(s => s);
        var f = standards?.Failures;
        var data = new ReportDataSummary(run.PairSetId, run.PairSetName, pairSetSource, run.GalleryId, f?.Samples, f?.Subjects,
            scores.Count, mated, scores.Count - mated,
            standards?.ComparisonsWithBothTemplates, standards?.MatedWithBothTemplates, standards?.NonMatedWithBothTemplates);
        var lfw = metrics is null ? null : new ReportLfwConvention(metrics.Accuracy, metrics.AccuracyStd,
            metrics.AccuracyProtocol == AccuracyProtocol.CrossValidated
                ? $"{metrics.Folds.Count}-fold cross-validated accuracy (each fold's threshold chosen on the others)"
                : "single fold: best-threshold accuracy on the same pairs (optimistic)",
            metrics.PairCount, "LFW convention: all the protocol's pairs, a pair with an image without a usable face scored as a non-match");
        double? duration = run.StartedAt is { } s && run.FinishedAt is { } e ? (e - s).TotalSeconds : null;
        var algorithm = new ReportAlgorithm(run.Model, run.Metric, run.PipelineSignature, ScoreConvention);
        var state = run.State.ToString().ToLowerInvariant();
        if (standards is null)
        {
            // Every pair scored and no job at work on it: a run from before the standards figures existed.
            var note = run.State == JobState.Completed || (run.Total > 0 && scores.Count >= run.Total && run.State != JobState.Running)
                ? "This evaluation was stored before failures to acquire/enrol and bootstrap intervals were computed: run it again for them."
                : "Failures and intervals are computed once every pair is scored.";
            return new ReportCard(run.Id, state, run.CreatedAt, run.CreatedBy, run.StartedAt, run.FinishedAt, duration, algorithm, data,
                false, note, null, null, null, null, lfw, null, []);
        }
        var failures = new ReportFailures(standards.System.Fta, f!.FailedToAcquire, f.Samples, standards.System.Fte, f.FailedToEnrol, f.Subjects, f.Reasons, f.Examples);
        var threshold = new ReportThreshold(standards.Threshold, ScoreConventions.ToMetricValue(standards.Threshold, run.DistanceMetric),
            ScoreConventions.MetricValueName(run.DistanceMetric), standards.ThresholdRule);
        ReportVerification? verification = null;
        ReportUncertainty? uncertainty = null;
        if (standards.Bootstrap is { } b)
        {
            var nonMated = standards.NonMatedWithBothTemplates;
            verification = new ReportVerification(ReportRate.From(b.Fmr), ReportRate.From(b.Fnmr),
                b.Eer is { } eer ? ReportRate.From(eer, isErrorRate: false) : null,
                b.Auc is { } auc ? ReportRate.From(auc, isErrorRate: false) : null,
                [.. b.TarAtFar.Select(t => new ReportTrueMatchRate(t.TargetFar, nonMated >= Math.Ceiling(1 / t.TargetFar - 1e-9), ReportRate.From(t.Tar, isErrorRate: false)))]);
            uncertainty = new ReportUncertainty("subject-level bootstrap: identities resampled with replacement, every figure recomputed; 2.5th and 97.5th percentiles",
                0.95, b.Resamples, b.Seed, b.Subjects, standards.BootstrapSeconds, ErrorRateBounds.TrustworthyErrors);
        }
        var system = new ReportSystem(standards.System.Far, standards.System.Frr, standards.System.Hter,
            "FAR = FMR x (1 - FTA), FRR = FTA + FNMR x (1 - FTA) (ISO/IEC 19795-1, one attempt)");
        return new ReportCard(run.Id, state, run.CreatedAt, run.CreatedBy, run.StartedAt, run.FinishedAt, duration, algorithm, data,
            true, null, failures, threshold, verification, system, lfw, uncertainty,
            [.. standards.Curve.Select(c => new ReportCurvePoint(c.Threshold, ReportRate.From(c.Fmr), ReportRate.From(c.Fnmr)))]);
    }
}

using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using FacePortal.Engine;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Recognition;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// Starts, follows and reads evaluation runs. Metrics come from the stored scores on demand (one sort per snapshot,
/// shared through <see cref="EvaluationScoreCache"/>); nothing is recomputed when a finished run is reopened.
/// Starting, resuming, cancelling and deleting runs and saving operating points refuse viewers (<see cref="Editors.Require"/>).
/// </summary>
public sealed class EvaluationService(
    IDbContextFactory<PortalDbContext> databases, JobService jobs, EvaluationScoreCache cache, IOptions<FaceEngineOptions> engineOptions, TimeProvider time)
{
    /// <summary>The embedding models a run may use: the built-in one, those configured, the catalogue's chosen ones and the adapted ones.</summary>
    public IReadOnlyList<EmbeddingModelOptions> Models =>
        [EmbeddingModelOptions.FaceApi, .. engineOptions.Value.EmbeddingModels.Concat(engineOptions.Value.CatalogueEmbeddingModels())
            .Concat(engineOptions.Value.AdaptedEmbeddingModels()).Where(m => m.Name != EmbeddingModelOptions.BuiltInName).DistinctBy(m => m.Name)];

    public string DefaultModel => engineOptions.Value.Pipeline.RecognitionModel;

    public async Task<EvaluationStarted> StartAsync(StartEvaluationRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await StartAsync(request, Editors.Require(user), cancellationToken);
    }

    /// <summary>A run started by a job on its user's behalf (checked when the job was queued).</summary>
    internal async Task<EvaluationStarted> StartAsync(StartEvaluationRequest request, string who, CancellationToken cancellationToken)
    {
        var modelName = string.IsNullOrWhiteSpace(request.Model) ? DefaultModel : request.Model.Trim();
        var model = Models.FirstOrDefault(m => m.Name == modelName)
            ?? throw new EvaluationException($"no embedding model named '{modelName}'; known: {string.Join(", ", Models.Select(m => m.Name))}");
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var set = await db.PairSets.AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.PairSetId, cancellationToken)
            ?? throw new EvaluationException($"no pair set {request.PairSetId}");
        var run = new EvaluationRun
        {
            PairSetId = set.Id,
            Model = model.Name,
            Metric = model.Metric.ToString(),
            Total = set.PositiveCount + set.NegativeCount,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = who,
        };
        db.EvaluationRuns.Add(run);
        ActivityLog.Record(db, run.CreatedAt, who, set.GalleryId, "evaluation-start", $"evaluation of '{set.Name}' with {model.Name}");
        await db.SaveChangesAsync(cancellationToken);
        var jobId = await jobs.EnqueueAsync(EvaluationJobHandler.JobKind, $"Evaluate '{set.Name}' with {model.Name}",
            JsonSerializer.Serialize(new EvaluationJobParameters(run.Id), JsonSerializerOptions.Web), who, cancellationToken);
        await db.EvaluationRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.JobId, jobId), cancellationToken);
        return new EvaluationStarted(run.Id, jobId);
    }

    /// <summary>Queues a cancelled or failed run again; it goes on from the pairs already scored.</summary>
    public async Task<int?> ResumeAsync(int runId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var run = await GetAsync(runId, cancellationToken);
        if (run is null || !run.IsFinished || run.State == JobState.Completed)
        {
            return null;
        }
        var jobId = await jobs.EnqueueAsync(EvaluationJobHandler.JobKind, $"Resume evaluation {runId} ('{run.PairSetName}', {run.Model})",
            JsonSerializer.Serialize(new EvaluationJobParameters(runId), JsonSerializerOptions.Web), who, cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.EvaluationRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.JobId, jobId), cancellationToken);
        return jobId;
    }

    public async Task<bool> CancelAsync(int runId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        Editors.Require(user);
        var run = await GetAsync(runId, cancellationToken);
        return run is not null && await jobs.CancelAsync(run.JobId, cancellationToken);
    }

    public async Task<EvaluationRunInfo?> GetAsync(int runId, CancellationToken cancellationToken) =>
        (await QueryAsync(q => q.Where(r => r.Id == runId), cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<EvaluationRunInfo>> ListAsync(int? pairSetId, CancellationToken cancellationToken) =>
        QueryAsync(q => pairSetId is { } id ? q.Where(r => r.PairSetId == id) : q, cancellationToken);

    private async Task<IReadOnlyList<EvaluationRunInfo>> QueryAsync(Func<IQueryable<EvaluationRun>, IQueryable<EvaluationRun>> filter, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var rows = await filter(db.EvaluationRuns.AsNoTracking()).OrderByDescending(r => r.Id)
            .Select(r => new { Run = r, Set = r.PairSet!.Name, r.PairSet!.GalleryId, Job = db.Jobs.FirstOrDefault(j => j.Id == r.JobId) })
            .ToListAsync(ct);
        return [.. rows.Select(x => new EvaluationRunInfo(
            x.Run.Id, x.Run.PairSetId, x.Set, x.GalleryId, x.Run.JobId, x.Run.Model, x.Run.Metric, x.Run.PipelineSignature,
            x.Job?.State ?? JobState.Queued, x.Job?.Done ?? 0, x.Job?.Total is > 0 ? x.Job.Total : x.Run.Total, x.Job?.Message,
            x.Run.CreatedAt, x.Run.CreatedBy, x.Job?.StartedAt, x.Job?.FinishedAt))];
    }

    /// <summary>The run's scores stored so far (a fresh snapshot when more arrived).</summary>
    public Task<EvaluationScores> ScoresAsync(int runId, CancellationToken cancellationToken) => cache.GetAsync(runId, cancellationToken);

    /// <summary>State, progress and the metrics of what is scored so far (the API's answer).</summary>
    public async Task<EvaluationDto?> GetDtoAsync(int runId, CancellationToken cancellationToken)
    {
        var run = await GetAsync(runId, cancellationToken);
        if (run is null)
        {
            return null;
        }
        var scores = await ScoresAsync(runId, cancellationToken);
        var metrics = scores.Metrics is { } m ? MetricsDto.From(m, scores.MissingCount) : null;
        return new EvaluationDto(run.Id, run.PairSetId, run.JobId, run.Model, run.Metric, run.State.ToString().ToLowerInvariant(),
            scores.Count, run.Total, run.Message, metrics);
    }

    /// <summary>CSV <c>fold,label,score,imageA,imageB</c>, score higher = more alike (missing face: <see cref="ScoreConventions.MissingFaceScore"/>).</summary>
    public async Task WriteScoresCsvAsync(int runId, TextWriter output, CancellationToken cancellationToken)
    {
        var scores = await ScoresAsync(runId, cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var setId = await db.EvaluationRuns.Where(r => r.Id == runId).Select(r => r.PairSetId).FirstAsync(cancellationToken);
        var pairs = await db.EvaluationPairs.AsNoTracking().Where(p => p.PairSetId == setId)
            .Select(p => new { p.Id, p.Ordinal, p.ImageAId, p.ImageBId }).ToDictionaryAsync(p => p.Id, cancellationToken);
        var names = (await db.Images.AsNoTracking().Where(i => db.EvaluationPairs.Any(p => p.PairSetId == setId && (p.ImageAId == i.Id || p.ImageBId == i.Id)))
            .Select(i => new { i.Id, Identity = i.Identity!.Name, i.OriginalName }).ToListAsync(cancellationToken))
            .ToDictionary(i => i.Id, i => Csv.Field(RelativeImagePath.Of(i.Identity, i.OriginalName)));
        await output.WriteAsync("fold,label,score,imageA,imageB\n");
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => pairs[scores.PairIds[i]].Ordinal);
        var line = new StringBuilder();
        foreach (var i in order)
        {
            var p = pairs[scores.PairIds[i]];
            line.Clear().Append(CultureInfo.InvariantCulture, $"{scores.Folds[i]},{(scores.Same[i] ? 1 : 0)},{scores.Scores[i]:R},{names[p.ImageAId]},{names[p.ImageBId]}\n");
            await output.WriteAsync(line, cancellationToken);
        }
    }

    /// <summary>
    /// False accepts (impostors at or above the threshold, highest first) or false rejects (genuines below it, lowest
    /// first): the worst mistakes first.
    /// </summary>
    public async Task<(IReadOnlyList<ErrorPair> Page, int Total)> ErrorsAsync(int runId, double threshold, bool falseAccepts, int skip, int take, CancellationToken cancellationToken)
    {
        var s = await ScoresAsync(runId, cancellationToken);
        var wrong = Enumerable.Range(0, s.Count).Where(i => falseAccepts ? !s.Same[i] && s.Scores[i] >= threshold : s.Same[i] && s.Scores[i] < threshold).ToList();
        var ordered = (falseAccepts ? wrong.OrderByDescending(i => s.Scores[i]) : wrong.OrderBy(i => s.Scores[i])).ThenBy(i => s.PairIds[i]).Skip(skip).Take(take).ToList();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var ids = ordered.Select(i => s.PairIds[i]).ToList();
        var pairs = await db.EvaluationPairs.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var images = await PairSetCatalog.ImagesAsync(db, pairs.Values.SelectMany(p => new[] { p.ImageAId, p.ImageBId }), cancellationToken);
        var page = ordered.Where(i => pairs.ContainsKey(s.PairIds[i]) && images.ContainsKey(pairs[s.PairIds[i]].ImageAId) && images.ContainsKey(pairs[s.PairIds[i]].ImageBId))
            .Select(i =>
            {
                var p = pairs[s.PairIds[i]];
                return new ErrorPair(new PairView(p.Id, p.Ordinal, p.Fold, s.Same[i], images[p.ImageAId], images[p.ImageBId]), s.Scores[i], s.Missing[i]);
            }).ToList();
        return (page, wrong.Count);
    }

    /// <summary>FAR and FRR per identity tag at one global threshold (see <see cref="TagBreakdownRow"/>).</summary>
    public async Task<IReadOnlyList<TagBreakdownRow>> TagBreakdownAsync(int runId, double threshold, CancellationToken cancellationToken)
    {
        var s = await ScoresAsync(runId, cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var setId = await db.EvaluationRuns.Where(r => r.Id == runId).Select(r => r.PairSetId).FirstOrDefaultAsync(cancellationToken);
        var identityOfPair = await db.EvaluationPairs.AsNoTracking().Where(p => p.PairSetId == setId)
            .Select(p => new { p.Id, A = p.ImageA!.IdentityId, B = p.ImageB!.IdentityId }).ToDictionaryAsync(p => p.Id, cancellationToken);
        var used = identityOfPair.Values.SelectMany(p => new[] { p.A, p.B }).ToHashSet();
        var tagsOf = (await db.Identities.AsNoTracking().Where(i => used.Contains(i.Id)).Select(i => new { i.Id, i.Tags }).ToListAsync(cancellationToken))
            .ToDictionary(i => i.Id, i => (IReadOnlyCollection<string>)i.Tags);
        var pairs = Enumerable.Range(0, s.Count).Where(i => identityOfPair.ContainsKey(s.PairIds[i]))
            .Select(i => new IdentityPairScore(s.Scores[i], s.Same[i], identityOfPair[s.PairIds[i]].A, identityOfPair[s.PairIds[i]].B)).ToList();
        return [.. TagRates.AtThreshold(pairs, tagsOf, threshold).Select(r => new TagBreakdownRow(r.Tag, r.Identities, r.Far, r.Frr))];
    }

    public async Task<OperatingPoint> SaveOperatingPointAsync(int runId, OperatingPointRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var who = Editors.Require(user);
        if (string.IsNullOrWhiteSpace(request.Name) || !double.IsFinite(request.Threshold))
        {
            throw new EvaluationException("an operating point needs a name and a finite threshold");
        }
        var run = await GetAsync(runId, cancellationToken) ?? throw new EvaluationException($"no evaluation run {runId}");
        var scores = await ScoresAsync(runId, cancellationToken);
        var at = scores.Sorted?.AtThreshold(request.Threshold);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var name = request.Name.Trim();
        var point = await db.OperatingPoints.FirstOrDefaultAsync(o => o.Model == run.Model && o.Name == name, cancellationToken);
        if (point is null)
        {
            point = new OperatingPoint { Name = name, Model = run.Model, Metric = run.Metric };
            db.OperatingPoints.Add(point);
        }
        point.Metric = run.Metric;
        point.Threshold = request.Threshold;
        point.Distance = ScoreConventions.ToDistance(request.Threshold, run.DistanceMetric);
        point.RunId = runId;
        point.Far = at?.Far ?? 0;
        point.Frr = at?.Frr ?? 0;
        point.CreatedAt = time.GetUtcNow();
        point.CreatedBy = who;
        ActivityLog.Record(db, point.CreatedAt, who, run.GalleryId, "operating-point",
            string.Create(CultureInfo.InvariantCulture, $"operating point '{name}' for {run.Model}: distance <= {point.Distance:0.####} (FAR {point.Far:P3}, FRR {point.Frr:P3} on run {runId})"));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another save of the same name for the model won the race: the unique (model, name) index refused this one.
            throw new EvaluationException($"an operating point '{name}' for {run.Model} was saved at the same moment by another request; save again to overwrite it");
        }
        return point;
    }

    /// <summary>Saved operating points, newest first; Verify and Identify read them through this.</summary>
    public async Task<IReadOnlyList<OperatingPoint>> OperatingPointsAsync(string? model, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.OperatingPoints.AsNoTracking();
        if (model is not null)
        {
            query = query.Where(o => o.Model == model);
        }
        return await query.OrderByDescending(o => o.Id).ToListAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(int runId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var run = await GetAsync(runId, cancellationToken);
        if (run is null)
        {
            return false;
        }
        if (!run.IsFinished)
        {
            await jobs.CancelAsync(run.JobId, cancellationToken);
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.EvaluationRuns.Where(r => r.Id == runId).ExecuteDeleteAsync(cancellationToken);
        ActivityLog.Record(db, time.GetUtcNow(), who, run.GalleryId, "evaluation-delete", $"deleted evaluation {runId} of '{run.PairSetName}'");
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate(runId);
        return true;
    }

    /// <summary>
    /// The highest threshold whose FRR is at most <paramref name="targetFrr"/> (snap to an FRR, or to a TAR as
    /// 1 - TAR): it rejects at most floor(target x genuine pairs) genuine pairs.
    /// </summary>
    public static double ThresholdForFrr(EvaluationScores scores, double targetFrr)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (!(targetFrr >= 0 && targetFrr <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetFrr), targetFrr, "target FRR must be in [0, 1]");
        }
        var genuine = scores.Scores.Where((_, i) => scores.Same[i]).Order().ToArray();
        if (genuine.Length == 0)
        {
            return scores.Sorted is { } s ? s.MinScore : 0;
        }
        // The epsilon keeps 0.1 x 30 from flooring to 2 through the binary representation of 0.1.
        var maxRejected = (int)Math.Floor((targetFrr * genuine.Length) + 1e-9);
        return maxRejected >= genuine.Length ? Math.BitIncrement(genuine[^1]) : genuine[maxRejected];
    }

    /// <summary>The TAR@FAR operating point's threshold, clamped into the scores' range (for "snap to FAR").</summary>
    public static double ThresholdForFar(EvaluationScores scores, double targetFar)
    {
        if (scores.Sorted is null)
        {
            return 0;
        }
        var t = VerificationEvaluator.TarAtFar(scores.Sorted, targetFar).Threshold;
        return double.IsFinite(t) ? t : Math.BitIncrement(scores.Sorted.MaxScore);
    }
}

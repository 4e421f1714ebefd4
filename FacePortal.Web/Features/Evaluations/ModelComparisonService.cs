using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Evaluation.Standards;
using FacePortal.Web.Features.Evaluations.Differentials;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// Compares evaluation runs (models) on the same pair set: pairs matched by id, each run at its threshold for a
/// target FAR; the figures come from the engine's <see cref="ModelComparison"/>. Results are kept per (runs, scores
/// stored so far, target, tag prefix, resamples), so paging through the disagreements costs nothing.
/// </summary>
public sealed class ModelComparisonService(
    IDbContextFactory<PortalDbContext> databases, EvaluationService evaluations, ReportCardService reports, DifferentialService differentials)
{
    public const double DefaultTargetFar = 1e-3;

    public const int DefaultPageSize = 12;

    private const int Capacity = 8;

    private readonly Dictionary<string, (Computed Value, long Used)> _cache = [];
    private readonly Lock _lock = new();
    private long _clock;

    private sealed record Computed(int[] PairIds, ModelComparisonResult Result);

    /// <summary>Each run's model's default operating point (the one Verify and Identify use), by run id; runs whose model has none are absent.</summary>
    public async Task<IReadOnlyDictionary<int, OperatingPoint>> OperatingPointsAsync(IReadOnlyList<EvaluationRunInfo> runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var points = new Dictionary<int, OperatingPoint>();
        foreach (var run in runs)
        {
            if (await Platform.Analysis.DefaultThreshold.OperatingPointAsync(databases, run.Model, run.DistanceMetric, cancellationToken) is { } point)
            {
                points[run.Id] = point;
            }
        }
        return points;
    }

    /// <summary>Null when a run does not exist; <see cref="EvaluationException"/> when the request cannot be met.</summary>
    public async Task<RunComparison?> CompareAsync(IReadOnlyList<int> runIds, double targetFar, string? tagPrefix, CancellationToken cancellationToken,
        int skip = 0, int take = DefaultPageSize, int resamples = SubjectBootstrap.DefaultResamples)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        var ids = runIds.Distinct().ToList();
        if (ids.Count < 2)
        {
            throw new EvaluationException("name two or more evaluation runs to compare, such as runs=1,2");
        }
        if (!(targetFar > 0 && targetFar < 1))
        {
            throw new EvaluationException("the target FAR must lie between 0 and 1, such as 0.001");
        }
        if (resamples is < 1 or > 10_000)
        {
            throw new EvaluationException("resamples must lie between 1 and 10000");
        }
        if (skip < 0 || take is < 0 or > 500)
        {
            throw new EvaluationException("skip must be 0 or more and take between 0 and 500");
        }

        var runs = new List<(EvaluationRunInfo Info, EvaluationScores Scores, EvaluationStandards? Standards)>();
        foreach (var id in ids)
        {
            if (await evaluations.GetAsync(id, cancellationToken) is not { } info)
            {
                return null;
            }
            runs.Add((info, await evaluations.ScoresAsync(id, cancellationToken), await reports.StandardsAsync(id, cancellationToken)));
        }

        var samePairSet = runs.Select(r => r.Info.PairSetId).Distinct().Count() == 1;
        string? note = samePairSet ? null : "These runs are on different pair sets: the paired figures (agreement, McNemar, paired bootstrap, disagreements) need runs on one pair set.";
        Computed? computed = null;
        string? prefix = null;
        IReadOnlyList<string> prefixes = [];
        if (samePairSet)
        {
            prefixes = await differentials.PrefixesAsync(ids[0], cancellationToken);
            prefix = string.IsNullOrWhiteSpace(tagPrefix) ? prefixes.FirstOrDefault() : DifferentialService.NormalisePrefix(tagPrefix);
            computed = await ComputeAsync(runs.Select(r => (r.Info, r.Scores)).ToList(), targetFar, prefix, resamples, cancellationToken);
            if (computed is null)
            {
                note = "These runs share no scored pair yet.";
            }
        }

        var compared = runs.Select((r, i) =>
        {
            var m = r.Scores.Metrics;
            var boot = r.Standards?.Bootstrap;
            var point = computed?.Result.Runs[i];
            var metric = r.Info.DistanceMetric;
            return new ComparedRun(r.Info.Id, r.Info.Model, r.Info.Metric, r.Info.PairSetId, r.Info.PairSetName, r.Info.State.ToString().ToLowerInvariant(),
                r.Scores.Count, r.Scores.MissingCount, m?.Auc, m?.Eer, m?.Accuracy, m?.AccuracyStd,
                boot?.Eer, boot?.Auc, boot?.TarAtFar.FirstOrDefault(t => Math.Abs(t.TargetFar - targetFar) <= targetFar * 1e-9)?.Tar,
                point,
                point is null || !double.IsFinite(point.Threshold) ? null : ScoreConventions.ToMetricValue(point.Threshold, metric),
                point is null ? null : double.IsFinite(point.Threshold) ? ScoreConventions.AcceptRule(point.Threshold, metric) : "accept nothing",
                computed?.Result.Bootstrap.Runs[i]);
        }).ToList();

        PairedComparison? paired = null;
        if (computed is { } c)
        {
            var result = c.Result;
            var page = result.Disagreements.Skip(skip).Take(take).ToList();
            paired = new PairedComparison(result.Pairs, (int)result.Runs[0].Genuine, result.Agreements, result.Bootstrap.Resamples, result.Bootstrap.Seed,
                result.Bootstrap.Subjects, result.Bootstrap.Differences, prefix, prefixes, result.Tags, result.Disagreements.Count,
                await PairsAsync(page, c.PairIds, runs.Select(r => (r.Info, r.Scores)).ToList(), cancellationToken));
        }
        return new RunComparison(targetFar, compared, samePairSet, note, paired);
    }

    private async Task<Computed?> ComputeAsync(List<(EvaluationRunInfo Info, EvaluationScores Scores)> runs, double targetFar, string? prefix, int resamples, CancellationToken ct)
    {
        var key = string.Join(",", runs.Select(r => $"{r.Info.Id}@{r.Scores.LastRowId}")) + FormattableString.Invariant($"|{targetFar:R}|{prefix}|{resamples}");
        lock (_lock)
        {
            if (_cache.TryGetValue(key, out var hit))
            {
                _cache[key] = (hit.Value, ++_clock);
                return hit.Value;
            }
        }

        // The pairs every run has scored, by pair id.
        var indexes = runs.Select(r =>
        {
            var map = new Dictionary<int, int>(r.Scores.Count);
            for (var i = 0; i < r.Scores.Count; i++)
            {
                map[r.Scores.PairIds[i]] = i;
            }
            return map;
        }).ToList();
        int[] common = [.. indexes[0].Keys.Where(id => indexes.All(m => m.ContainsKey(id))).Order()];
        if (common.Length == 0)
        {
            return null;
        }
        var sides = await PairSides.LoadAsync(databases, runs[0].Info.PairSetId, ct);
        var n = common.Length;
        var scores = runs.Select((r, k) => (IReadOnlyList<double>)[.. common.Select(id => r.Scores.Scores[indexes[k][id]])]).ToList();
        bool[] same = [.. common.Select(id => runs[0].Scores.Same[indexes[0][id]])];
        var subjectA = new int[n];
        var subjectB = new int[n];
        var groupA = new int[n];
        var groupB = new int[n];
        var labels = new List<string>();
        var labelIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int Group(int imageId)
        {
            if (prefix is null || sides.TagValue(imageId, prefix, out _) is not { } value)
            {
                return -1;
            }
            if (!labelIndex.TryGetValue(value, out var g))
            {
                g = labels.Count;
                labelIndex[value] = g;
                labels.Add(value);
            }
            return g;
        }
        for (var i = 0; i < n; i++)
        {
            var (a, b) = sides.Pairs.TryGetValue(common[i], out var p) ? p : (-1, -1);
            subjectA[i] = sides.IdentityOf(a);
            subjectB[i] = sides.IdentityOf(b);
            groupA[i] = Group(a);
            groupB[i] = Group(b);
        }
        // Tag groups in a stable order, whatever order the pairs met them in.
        var order = labels.Select((l, i) => (l, i)).OrderBy(x => x.l, StringComparer.Ordinal).ToArray();
        var remap = new int[labels.Count];
        for (var r = 0; r < order.Length; r++)
        {
            remap[order[r].i] = r;
        }
        for (var i = 0; i < n; i++)
        {
            groupA[i] = groupA[i] < 0 ? -1 : remap[groupA[i]];
            groupB[i] = groupB[i] < 0 ? -1 : remap[groupB[i]];
        }

        var result = await Task.Run(() => ModelComparison.Compare(scores, same, subjectA, subjectB, targetFar,
            groupA, groupB, [.. order.Select(o => o.l)], resamples, seed: 1, ct), ct);
        var computed = new Computed(common, result);
        lock (_lock)
        {
            _cache[key] = (computed, ++_clock);
            if (_cache.Count > Capacity)
            {
                _cache.Remove(_cache.MinBy(e => e.Value.Used).Key);
            }
        }
        return computed;
    }

    private async Task<IReadOnlyList<DisagreementPair>> PairsAsync(List<Disagreement> page, int[] pairIds, List<(EvaluationRunInfo Info, EvaluationScores Scores)> runs, CancellationToken ct)
    {
        if (page.Count == 0)
        {
            return [];
        }
        var ids = page.Select(d => pairIds[d.Pair]).ToList();
        await using var db = await databases.CreateDbContextAsync(ct);
        var pairs = await db.EvaluationPairs.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var images = await PairSetCatalog.ImagesAsync(db, pairs.Values.SelectMany(p => new[] { p.ImageAId, p.ImageBId }), ct);
        var positions = runs.Select(r =>
        {
            var map = new Dictionary<int, int>(r.Scores.Count);
            for (var i = 0; i < r.Scores.Count; i++)
            {
                map[r.Scores.PairIds[i]] = i;
            }
            return map;
        }).ToList();
        var result = new List<DisagreementPair>(page.Count);
        foreach (var d in page)
        {
            var id = pairIds[d.Pair];
            if (!pairs.TryGetValue(id, out var p) || !images.TryGetValue(p.ImageAId, out var a) || !images.TryGetValue(p.ImageBId, out var b))
            {
                continue;
            }
            var values = runs.Select((r, k) =>
            {
                var i = positions[k][id];
                return r.Scores.Missing[i] ? (double?)null : ScoreConventions.ToMetricValue(r.Scores.Scores[i], r.Info.DistanceMetric);
            }).ToList();
            result.Add(new DisagreementPair(new PairView(p.Id, p.Ordinal, p.Fold, p.Same, a, b), d.Strength, d.Accepted, values, d.Margins));
        }
        return result;
    }
}

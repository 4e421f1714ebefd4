using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Evaluation.Standards;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Evaluations.Differentials;

/// <summary>
/// Demographic differentials of a run, computed on demand from its stored scores and the tags of its pairs' images and
/// identities (the engine's <see cref="DemographicDifferentials"/> does the figures). Results are kept per (run, scores
/// stored so far, prefix, target FMR, resamples), so reopening the page costs nothing; the work stops when the caller's
/// token is cancelled.
/// </summary>
public sealed class DifferentialService(IDbContextFactory<PortalDbContext> databases, EvaluationService evaluations)
{
    public const double DefaultTargetFmr = 1e-3;

    public const int HistogramBins = 30;

    private const int Capacity = 16;

    private readonly Dictionary<(int Run, long Rows, string Prefix, double Target, int Resamples), (DifferentialSummary Summary, long Used)> _cache = [];
    private readonly Lock _lock = new();
    private long _clock;

    /// <summary>The tag prefixes (text up to and including the first ':') found on the images and identities of the run's gallery, most used first.</summary>
    public async Task<IReadOnlyList<string>> PrefixesAsync(int runId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var galleryId = await db.EvaluationRuns.Where(r => r.Id == runId).Select(r => r.PairSet!.GalleryId).FirstOrDefaultAsync(cancellationToken);
        var imageTags = await db.Images.AsNoTracking().Where(i => i.GalleryId == galleryId).Select(i => i.Tags).ToListAsync(cancellationToken);
        var identityTags = await db.Identities.AsNoTracking().Where(i => i.GalleryId == galleryId).Select(i => i.Tags).ToListAsync(cancellationToken);
        return [.. imageTags.Concat(identityTags).SelectMany(t => t)
            .Select(t => t.IndexOf(':', StringComparison.Ordinal) is var at and > 0 ? t[..(at + 1)] : null)
            .OfType<string>()
            .GroupBy(p => p, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)];
    }

    /// <summary>"sex" and "sex:" both mean the prefix "sex:".</summary>
    public static string NormalisePrefix(string? prefix)
    {
        var p = (prefix ?? "").Trim();
        return p.Length == 0 || p.EndsWith(':') ? p : p + ":";
    }

    /// <summary>Null when there is no such run; <see cref="EvaluationException"/> when the request cannot be met.</summary>
    public async Task<DifferentialSummary?> ComputeAsync(int runId, string? prefix, double targetFmr, CancellationToken cancellationToken, int resamples = SubjectBootstrap.DefaultResamples)
    {
        var tagPrefix = NormalisePrefix(prefix);
        if (tagPrefix.Length == 0)
        {
            throw new EvaluationException("a tag prefix is needed, such as 'sex:'");
        }
        if (!(targetFmr > 0 && targetFmr < 1))
        {
            throw new EvaluationException("the target FMR must lie between 0 and 1, such as 0.001");
        }
        if (resamples is < 1 or > 10_000)
        {
            throw new EvaluationException("resamples must lie between 1 and 10000");
        }
        var run = await evaluations.GetAsync(runId, cancellationToken);
        if (run is null)
        {
            return null;
        }
        var scores = await evaluations.ScoresAsync(runId, cancellationToken);
        if (scores.Count == 0)
        {
            throw new EvaluationException($"evaluation {runId} has no scored pair yet");
        }
        var key = (runId, scores.LastRowId, tagPrefix, targetFmr, resamples);
        lock (_lock)
        {
            if (_cache.TryGetValue(key, out var hit))
            {
                _cache[key] = (hit.Summary, ++_clock);
                return hit.Summary;
            }
        }
        var sides = await PairSides.LoadAsync(databases, run.PairSetId, cancellationToken);
        var summary = await Task.Run(() => Compute(run, scores, sides, tagPrefix, targetFmr, resamples, cancellationToken), cancellationToken);
        lock (_lock)
        {
            _cache[key] = (summary, ++_clock);
            if (_cache.Count > Capacity)
            {
                _cache.Remove(_cache.MinBy(e => e.Value.Used).Key);
            }
        }
        return summary;
    }

    internal static DifferentialSummary Compute(EvaluationRunInfo run, EvaluationScores scores, PairSides sides, string prefix, double targetFmr, int resamples, CancellationToken ct)
    {
        var n = scores.Count;
        var groupOfImage = new Dictionary<int, int>();
        var labels = new List<string>();
        var labelIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int untagged = 0, conflicting = 0;

        int GroupOf(int imageId)
        {
            if (groupOfImage.TryGetValue(imageId, out var known))
            {
                return known;
            }
            var value = sides.TagValue(imageId, prefix, out var conflict);
            var g = -1;
            if (conflict)
            {
                g = -2;
            }
            else if (value is not null)
            {
                if (!labelIndex.TryGetValue(value, out g))
                {
                    g = labels.Count;
                    labelIndex[value] = g;
                    labels.Add(value);
                }
            }
            groupOfImage[imageId] = g;
            return g;
        }

        var subjects = new Dictionary<int, int>();
        int Subject(int identityId) => subjects.TryGetValue(identityId, out var s) ? s : subjects[identityId] = subjects.Count;

        var pairs = new SubjectPair[n];
        var groupA = new int[n];
        var groupB = new int[n];
        for (var i = 0; i < n; i++)
        {
            var (imageA, imageB) = sides.Pairs.TryGetValue(scores.PairIds[i], out var p) ? p : (-1, -1);
            int a = imageA < 0 ? -1 : GroupOf(imageA), b = imageB < 0 ? -1 : GroupOf(imageB);
            untagged += (a == -1 ? 1 : 0) + (b == -1 ? 1 : 0);
            conflicting += (a == -2 ? 1 : 0) + (b == -2 ? 1 : 0);
            groupA[i] = Math.Max(a, -1);
            groupB[i] = Math.Max(b, -1);
            pairs[i] = new SubjectPair(scores.Scores[i], scores.Same[i], Subject(sides.IdentityOf(imageA)), Subject(sides.IdentityOf(imageB)));
        }

        // Labels in a stable order (the order they were met in depends on the pairs' order).
        var order = labels.Select((l, i) => (l, i)).OrderBy(x => x.l, StringComparer.Ordinal).ToArray();
        var remap = new int[labels.Count];
        for (var r = 0; r < order.Length; r++)
        {
            remap[order[r].i] = r;
        }
        string[] sortedLabels = [.. order.Select(o => o.l)];
        for (var i = 0; i < n; i++)
        {
            groupA[i] = groupA[i] < 0 ? -1 : remap[groupA[i]];
            groupB[i] = groupB[i] < 0 ? -1 : remap[groupB[i]];
        }

        var report = DemographicDifferentials.Compute(pairs, groupA, groupB, sortedLabels, targetFmr, resamples, seed: 1, ct);
        var rates = report.Groups.ToDictionary(g => g.Group, StringComparer.Ordinal);
        var metric = run.DistanceMetric;

        // Histogram bins over the model's metric values of the pairs that have both faces.
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            if (!scores.Missing[i])
            {
                var v = ScoreConventions.ToMetricValue(scores.Scores[i], metric);
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }
        if (!double.IsFinite(lo))
        {
            lo = 0;
            hi = 1;
        }
        var width = hi > lo ? (hi - lo) / HistogramBins : 1.0 / HistogramBins;
        double[] centres = [.. Enumerable.Range(0, HistogramBins).Select(b => lo + ((b + 0.5) * width))];

        var k = sortedLabels.Length;
        var genuineCounts = new int[k][];
        var impostorCounts = new int[k][];
        var genuinePairs = new int[k];
        var impostorPairs = new int[k];
        var genuineScored = new int[k];
        var impostorScored = new int[k];
        for (var g = 0; g < k; g++)
        {
            genuineCounts[g] = new int[HistogramBins];
            impostorCounts[g] = new int[HistogramBins];
        }
        var identities = new HashSet<int>[k];
        var images = new HashSet<int>[k];
        for (var g = 0; g < k; g++)
        {
            identities[g] = [];
            images[g] = [];
        }
        int taggedPairs = 0, crossImpostors = 0;
        for (var i = 0; i < n; i++)
        {
            int a = groupA[i], b = groupB[i];
            var (imageA, imageB) = sides.Pairs.TryGetValue(scores.PairIds[i], out var p) ? p : (-1, -1);
            if (a >= 0)
            {
                identities[a].Add(sides.IdentityOf(imageA));
                images[a].Add(imageA);
            }
            if (b >= 0)
            {
                identities[b].Add(sides.IdentityOf(imageB));
                images[b].Add(imageB);
            }
            if (a < 0 || b < 0)
            {
                continue;
            }
            taggedPairs++;
            if (a != b)
            {
                crossImpostors += scores.Same[i] ? 0 : 1;
                continue;
            }
            var bin = scores.Missing[i] ? -1 : Math.Clamp((int)((ScoreConventions.ToMetricValue(scores.Scores[i], metric) - lo) / width), 0, HistogramBins - 1);
            if (scores.Same[i])
            {
                genuinePairs[a]++;
                if (bin >= 0)
                {
                    genuineCounts[a][bin]++;
                    genuineScored[a]++;
                }
            }
            else
            {
                impostorPairs[a]++;
                if (bin >= 0)
                {
                    impostorCounts[a][bin]++;
                    impostorScored[a]++;
                }
            }
        }

        var groups = new List<DifferentialGroup>(k);
        for (var g = 0; g < k; g++)
        {
            rates.TryGetValue(sortedLabels[g], out var r);
            groups.Add(new DifferentialGroup(
                sortedLabels[g], identities[g].Count, images[g].Count, images[g].Count(sides.Failed),
                genuinePairs[g], impostorPairs[g],
                r is not null && r.Fnmr.Trials > 0 ? RateEstimate.From(r.Fnmr) : null,
                r is not null && r.Fmr.Trials > 0 ? RateEstimate.From(r.Fmr) : null,
                Histogram(centres, genuineCounts[g], genuineScored[g]),
                Histogram(centres, impostorCounts[g], impostorScored[g])));
        }

        var fmr = new double?[k][];
        var log = new double?[k][];
        var falseAccepts = new long[k][];
        for (var i = 0; i < k; i++)
        {
            fmr[i] = new double?[k];
            log[i] = new double?[k];
            falseAccepts[i] = new long[k];
            for (var j = 0; j < k; j++)
            {
                fmr[i][j] = RateEstimate.Finite(report.FmrHeatmap[i][j]);
                log[i][j] = RateEstimate.Finite(report.Log10RatioToTarget(i, j));
                falseAccepts[i][j] = (long)Math.Round((report.FmrHeatmap[i][j] is var f && double.IsFinite(f) ? f : 0) * report.HeatmapImpostors[i][j]);
            }
        }

        var threshold = RateEstimate.Finite(report.Threshold);
        return new DifferentialSummary(
            run.Id, run.Model, run.Metric, prefix, targetFmr, threshold,
            threshold is { } t ? ScoreConventions.ToMetricValue(t, metric) : null,
            threshold is { } t2 ? ScoreConventions.AcceptRule(t2, metric) : "nothing is accepted: no threshold reaches the target",
            report.GlobalFmr, report.GlobalFnmr, n, taggedPairs, crossImpostors, untagged, conflicting,
            sides.NegativeSampling, resamples, groups,
            new DifferentialHeatmap(sortedLabels, fmr, report.HeatmapImpostors, falseAccepts, log),
            report.FnmrMaxOverGeoMean, report.FmrMaxOverGeoMean);
    }

    private static ScoreHistogram Histogram(double[] centres, int[] counts, int total) =>
        new(centres, [.. counts.Select(c => total == 0 ? 0 : (double)c / total)], total);
}

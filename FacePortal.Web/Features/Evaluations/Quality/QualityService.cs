using System.Globalization;
using System.Security.Claims;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Evaluation.Standards;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Evaluations.Quality;

/// <summary>
/// Error versus discard for a run's stored scores and the stored quality of its faces (the engine's
/// <see cref="ErrorVersusDiscard"/> draws the curves), and the models' quality gates: set from a curve by an editor,
/// read by galleries (faces below the gate flagged) and Verify (a warning).
/// </summary>
public sealed class QualityService(IDbContextFactory<PortalDbContext> databases, EvaluationService evaluations, QualityGateStore gates, TimeProvider time)
{
    public const double DefaultTargetFmr = 1e-3;

    public const double DefaultDiscardLimit = 0.2;

    public const int Steps = 40;

    private const int Capacity = 8;

    private readonly Dictionary<(int Run, long Rows), (PreparedQuality Data, long Used)> _cache = [];
    private readonly Lock _lock = new();
    private long _clock;

    public QualityGate? GateOf(string? model) => gates.Get(model);

    public IReadOnlyList<QualityGate> Gates => gates.All();

    /// <summary>
    /// Null when there is no such run. With <paramref name="measure"/> and <paramref name="cut"/> the summary says what
    /// that gate would buy; without them, what the model's current gate buys on this run (if it has one).
    /// </summary>
    public async Task<QualitySummary?> SummaryAsync(int runId, double targetFmr, double discardLimit, string? measure, double? cut, CancellationToken cancellationToken)
    {
        if (!(targetFmr > 0 && targetFmr < 1))
        {
            throw new EvaluationException("the target FMR must lie between 0 and 1, such as 0.001");
        }
        if (!(discardLimit > 0 && discardLimit < 1))
        {
            throw new EvaluationException("the discard limit must lie between 0 and 1, such as 0.2");
        }
        if (measure is not null && QualityMeasures.Find(measure) is null)
        {
            throw new EvaluationException($"no quality measure '{measure}'; known: {string.Join(", ", QualityMeasures.All.Select(m => m.Key))}");
        }
        if (cut is { } c && !double.IsFinite(c))
        {
            throw new EvaluationException("the cut must be a finite number");
        }
        var run = await evaluations.GetAsync(runId, cancellationToken);
        if (run is null)
        {
            return null;
        }
        var (data, threshold) = await PrepareAsync(run, targetFmr, cancellationToken);
        var curves = new List<QualityCurve>();
        var missing = new List<string>();
        foreach (var m in QualityMeasures.All)
        {
            if (data.Unusable(m) is { } why)
            {
                missing.Add(why);
                continue;
            }
            curves.Add(Curve(data, m, threshold, discardLimit));
        }
        missing.AddRange(QualityMeasures.NotStored);
        var gate = gates.Get(run.Model);
        GateEffect? effect = null;
        if (measure is not null && cut is { } asked)
        {
            effect = Effect(data, QualityMeasures.Find(measure)!.Key, asked, threshold);
        }
        else if (gate is not null)
        {
            effect = Effect(data, gate.Measure, gate.Cut, threshold);
        }
        return new QualitySummary(run.Id, run.Model, targetFmr, double.IsFinite(threshold) ? threshold : null,
            double.IsFinite(threshold) ? ScoreConventions.AcceptRule(threshold, run.DistanceMetric) : "nothing is accepted: no threshold reaches the target",
            discardLimit, data.Pairs.Length, curves, missing, gate, effect);
    }

    /// <summary>Sets the model's gate from run <paramref name="runId"/>: faces with <paramref name="measure"/> below <paramref name="cut"/>.</summary>
    public async Task<QualityGate> SetGateAsync(int runId, string measure, double cut, double targetFmr, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var m = QualityMeasures.Find(measure) ?? throw new EvaluationException($"no quality measure '{measure}'");
        var summary = await SummaryAsync(runId, targetFmr, DefaultDiscardLimit, m.Key, cut, cancellationToken) ?? throw new EvaluationException($"no evaluation run {runId}");
        if (summary.Curves.All(c => c.Measure != m.Key))
        {
            throw new EvaluationException($"{m.Name} cannot gate this run's faces: {summary.Missing.FirstOrDefault(x => x.StartsWith(m.Name, StringComparison.Ordinal))}");
        }
        var run = (await evaluations.GetAsync(runId, cancellationToken))!;
        var gate = new QualityGate(run.Model, run.PipelineSignature, m.Key, cut, runId, summary.Effect!, who, time.GetUtcNow());
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        ActivityLog.Record(db, gate.SetAt, who, run.GalleryId, "quality-gate", string.Create(CultureInfo.InvariantCulture,
            $"quality gate for {run.Model}: {m.Name} >= {cut:0.####} (on run {runId}: FNMR {gate.Effect.FnmrBefore:P3} -> {gate.Effect.FnmrAfter:P3}, FMR {gate.Effect.FmrBefore:P4} -> {gate.Effect.FmrAfter:P4}, {gate.Effect.DiscardedPairs:P1} of pairs refused)"));
        await db.SaveChangesAsync(cancellationToken);
        gates.Put(gate);
        return gate;
    }

    public async Task<bool> ClearGateAsync(string model, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        if (gates.Get(model) is not { } gate)
        {
            return false;
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        ActivityLog.Record(db, time.GetUtcNow(), who, null, "quality-gate", $"quality gate for {model} removed (was {gate.Measure} >= {gate.Cut.ToString("0.####", CultureInfo.InvariantCulture)})");
        await db.SaveChangesAsync(cancellationToken);
        return gates.Remove(model);
    }

    /// <summary>The gate's verdict on one face: null when the model has no gate or the face passes; otherwise why not.</summary>
    public string? BelowGate(string? model, FaceQuality face)
    {
        if (gates.Get(model) is not { } gate)
        {
            return null;
        }
        var name = QualityMeasures.Find(gate.Measure)?.Name ?? gate.Measure;
        var value = face[gate.Measure];
        if (double.IsNaN(value))
        {
            return gate.Measure == QualityMeasures.Sharpness
                ? null
                : $"{name} could not be measured on this face (the gate asks for at least {gate.Cut.ToString("0.##", CultureInfo.InvariantCulture)})";
        }
        return value < gate.Cut
            ? string.Create(CultureInfo.InvariantCulture, $"{name} {value:0.##} is below the quality gate's {gate.Cut:0.##}")
            : null;
    }

    /// <summary>Faces of a gallery's images below each model's gate (the primary face of every image that has one), worst first.</summary>
    public async Task<IReadOnlyList<GalleryGateFlags>> GalleryFlagsAsync(int galleryId, int examples, CancellationToken cancellationToken)
    {
        var all = gates.All();
        if (all.Count == 0)
        {
            return [];
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var faces = await db.Images.AsNoTracking().Where(i => i.GalleryId == galleryId && !i.Excluded && i.PrimaryFaceIndex >= 0)
            .Select(i => new
            {
                i.Id,
                i.IdentityId,
                Identity = i.Identity!.Name,
                i.OriginalName,
                Face = i.Faces.Where(f => f.Index == i.PrimaryFaceIndex).Select(f => new { f.Score, f.Width, f.Height, f.Landmarks, f.Sharpness, f.Yaw }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var flags = new List<GalleryGateFlags>();
        foreach (var gate in all)
        {
            var descriptors = await PrimaryDescriptorsAsync(db, galleryId, gate.PipelineSignature, cancellationToken);
            var below = new List<(double Value, FlaggedFace Face)>();
            var measured = 0;
            foreach (var f in faces)
            {
                if (f.Face is null)
                {
                    continue;
                }
                var q = FaceQuality.Of(f.Face.Score, f.Face.Width, f.Face.Height, f.Face.Landmarks, f.Face.Sharpness, f.Face.Yaw,
                    descriptors.GetValueOrDefault(f.Id));
                var value = q[gate.Measure];
                if (double.IsNaN(value))
                {
                    continue;
                }
                measured++;
                if (value < gate.Cut)
                {
                    below.Add((value, new FlaggedFace(f.Id, galleryId, f.IdentityId, f.Identity, f.OriginalName, value)));
                }
            }
            flags.Add(new GalleryGateFlags(gate, measured, below.Count, [.. below.OrderBy(b => b.Value).Take(examples).Select(b => b.Face)]));
        }
        return flags;
    }

    private async Task<(PreparedQuality Data, double Threshold)> PrepareAsync(EvaluationRunInfo run, double targetFmr, CancellationToken ct)
    {
        var scores = await evaluations.ScoresAsync(run.Id, ct);
        if (scores.Sorted is not { } sorted)
        {
            throw new EvaluationException($"evaluation {run.Id} has no scored pair yet");
        }
        var threshold = VerificationEvaluator.TarAtFar(sorted, targetFmr).Threshold;
        PreparedQuality? data;
        lock (_lock)
        {
            if (_cache.TryGetValue((run.Id, scores.LastRowId), out var hit))
            {
                _cache[(run.Id, scores.LastRowId)] = (hit.Data, ++_clock);
                return (hit.Data, threshold);
            }
        }
        data = await LoadAsync(run, scores, ct);
        lock (_lock)
        {
            _cache[(run.Id, scores.LastRowId)] = (data, ++_clock);
            if (_cache.Count > Capacity)
            {
                _cache.Remove(_cache.MinBy(e => e.Value.Used).Key);
            }
        }
        return (data, threshold);
    }

    // The embedding norm is measured on the descriptor of the model the gate or run belongs to.
    private static async Task<Dictionary<int, float[]>> PrimaryDescriptorsAsync(PortalDbContext db, int galleryId, string? signature, CancellationToken ct) =>
        signature is null
            ? []
            : await db.PrimaryFor(signature).Where(d => d.Face!.Image!.GalleryId == galleryId)
                .Select(d => new { d.Face!.ImageId, d.Vector }).ToDictionaryAsync(d => d.ImageId, d => d.Vector, ct);

    private async Task<PreparedQuality> LoadAsync(EvaluationRunInfo run, EvaluationScores scores, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var pairs = await db.EvaluationPairs.AsNoTracking().Where(p => p.PairSetId == run.PairSetId)
            .Select(p => new { p.Id, p.ImageAId, p.ImageBId }).ToDictionaryAsync(p => p.Id, p => (p.ImageAId, p.ImageBId), ct);
        var used = pairs.Values.SelectMany(p => new[] { p.ImageAId, p.ImageBId }).ToHashSet();
        var rows = await db.Images.AsNoTracking().Where(i => i.GalleryId == run.GalleryId && i.PrimaryFaceIndex >= 0)
            .Select(i => new
            {
                i.Id,
                Face = i.Faces.Where(f => f.Index == i.PrimaryFaceIndex).Select(f => new { f.Score, f.Width, f.Height, f.Landmarks, f.Sharpness, f.Yaw }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var descriptors = await PrimaryDescriptorsAsync(db, run.GalleryId, run.PipelineSignature, ct);
        var faces = new Dictionary<int, FaceQuality>();
        foreach (var r in rows)
        {
            if (r.Face is { } f && used.Contains(r.Id))
            {
                faces[r.Id] = FaceQuality.Of(f.Score, f.Width, f.Height, f.Landmarks, f.Sharpness, f.Yaw, descriptors.GetValueOrDefault(r.Id));
            }
        }
        var n = scores.Count;
        var scored = new ScoredPair[n];
        var a = new int[n];
        var b = new int[n];
        for (var i = 0; i < n; i++)
        {
            scored[i] = new ScoredPair(scores.Scores[i], scores.Same[i], scores.Folds[i]);
            (a[i], b[i]) = pairs.TryGetValue(scores.PairIds[i], out var p) ? p : (-1, -1);
        }
        return new PreparedQuality(scored, a, b, faces);
    }

    internal static QualityCurve Curve(PreparedQuality data, QualityMeasure measure, double threshold, double discardLimit)
    {
        var (qa, qb) = data.Sides(measure.Key);
        var curve = ErrorVersusDiscard.Compute(measure.Key, data.Pairs, qa, qb, threshold, discardLimit, Steps);
        // The quality below which each point's fraction is discarded: the lowest pair quality still kept.
        var keys = new double[qa.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = double.IsNaN(qa[i]) || double.IsNaN(qb[i]) ? double.NegativeInfinity : Math.Min(qa[i], qb[i]);
        }
        Array.Sort(keys);
        var cuts = curve.Points.Select(p => (int)Math.Round(p.DiscardFraction * keys.Length) is var k && k < keys.Length && double.IsFinite(keys[k]) ? keys[k] : (double?)null).ToList();
        return new QualityCurve(measure.Key, measure.Name,
            [.. curve.Points.Select(p => p.DiscardFraction)], [.. curve.Points.Select(p => p.Fnmr)], [.. curve.Points.Select(p => p.Fmr)], cuts,
            curve.FnmrPartialAuc, curve.FmrPartialAuc, curve.FnmrAreaRatio, curve.FmrAreaRatio);
    }

    internal static GateEffect Effect(PreparedQuality data, string measure, double cut, double threshold)
    {
        int genuine = 0, impostor = 0, fr = 0, fa = 0, genuineKept = 0, impostorKept = 0, frKept = 0, faKept = 0;
        for (var i = 0; i < data.Pairs.Length; i++)
        {
            var p = data.Pairs[i];
            var accepted = p.Score >= threshold;
            // NaN (no face, or not measured) fails the comparison: such a face does not pass the gate.
            var kept = data.Of(data.ImageA[i])[measure] >= cut && data.Of(data.ImageB[i])[measure] >= cut;
            if (p.Same)
            {
                genuine++;
                fr += accepted ? 0 : 1;
                genuineKept += kept ? 1 : 0;
                frKept += kept && !accepted ? 1 : 0;
            }
            else
            {
                impostor++;
                fa += accepted ? 1 : 0;
                impostorKept += kept ? 1 : 0;
                faKept += kept && accepted ? 1 : 0;
            }
        }
        var images = data.ImageA.Concat(data.ImageB).Where(id => id >= 0).Distinct().ToList();
        var below = images.Count(id => !(data.Of(id)[measure] >= cut));
        static double Rate(int errors, int trials) => trials == 0 ? 0 : (double)errors / trials;
        var total = genuine + impostor;
        return new GateEffect(measure, cut, Rate(fr, genuine), Rate(fa, impostor), Rate(frKept, genuineKept), Rate(faKept, impostorKept),
            genuineKept, impostorKept, total == 0 ? 0 : 1 - ((double)(genuineKept + impostorKept) / total), images.Count == 0 ? 0 : (double)below / images.Count);
    }
}

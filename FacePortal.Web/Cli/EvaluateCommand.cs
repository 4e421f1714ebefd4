using System.Diagnostics;
using System.Globalization;
using FacePortal.Engine;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Embedding;
using FacePortal.Web.Platform.EngineHost;

namespace FacePortal.Web.Cli;

/// <summary>
/// <c>evaluate --images &lt;root&gt; --pairs &lt;file&gt;</c>: embeds every image the pairs name (through the descriptor
/// cache), scores each pair and reports LFW's 10-fold accuracy, AUC, EER and TAR at fixed FARs.
/// </summary>
public static class EvaluateCommand
{
    /// <summary>A pair with a missing face is scored below every real pair (<see cref="ScoreConventions"/>, as in the portal): "no match".</summary>
    public const string MissingFacePolicy = "non-match";

    public sealed record TarJson(double Tar, double? Threshold, double Far, int FalseAccepts, int ImpostorPairs, bool Unreachable);

    public sealed record OutputJson(
        int Pairs, int Folds, double Accuracy, double AccuracyStd, double? Auc, double? Eer, double? EerThreshold,
        double MeanFoldThreshold, double BestThreshold, IReadOnlyDictionary<string, double> TarAtFar,
        IReadOnlyDictionary<string, TarJson> TarAtFarDetail, double[] FoldAccuracies,
        int Images, int NoFace, int Errors, int SeveralFaces, string MissingFacePolicy, int PairsWithMissingFace, double AccuracyWithoutMissing,
        double Seconds, double ImagesPerSecond, double CpuSeconds, int FromCache, string Model, string Metric, string Alignment, bool Flip,
        string ExecutionProvider, string Pipeline, DistanceStats DistanceGenuine, DistanceStats DistanceImpostor,
        int GenuinePairs, int ImpostorPairs, IReadOnlyList<string> Warnings);

    /// <summary>From this many pairs of one kind per pair of the other, accuracy mostly measures the imbalance.</summary>
    public const double ImbalanceRatio = 4;

    /// <summary>A warning when one kind of pair outnumbers the other <see cref="ImbalanceRatio"/> to 1 or more; else null.</summary>
    public static string? ImbalanceWarning(int genuine, int impostor)
    {
        var (minority, majority) = (Math.Min(genuine, impostor), Math.Max(genuine, impostor));
        if (majority == 0 || (minority > 0 && majority < ImbalanceRatio * minority))
        {
            return null;
        }
        var always = genuine >= impostor ? "same" : "different";
        return $"the pairs are imbalanced ({genuine} genuine, {impostor} impostor): answering \"{always}\" to every pair scores " +
            $"{100.0 * majority / (genuine + impostor):F1}% accuracy, so accuracy means little here; compare AUC, EER and TAR@FAR instead";
    }

    public sealed record DistanceStats(int N, double Mean, double Std);

    private static DistanceStats Stats(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length == 0)
        {
            return new DistanceStats(0, double.NaN, double.NaN);
        }
        var mean = v.Average();
        var std = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return new DistanceStats(v.Length, mean, std);
    }

    public static async Task<int> RunAsync(string[] args, FaceEngineOptions options, PortalOptions portal, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = CliArguments.Parse(args, new HashSet<string>(CommandLine.PipelineFlagNames) { "--aligned", "--json", "--no-cache" },
            new HashSet<string>(CommandLine.PipelineOptionNames) { "--images", "--pairs" });
        options = CommandLine.ApplyPipelineArguments(options, a);
        var root = a.Required("--images");
        var pairs = PairsFile.Load(a.Required("--pairs"));
        if (!Directory.Exists(root))
        {
            throw new CliUsageException($"No images folder at {root}.");
        }

        using var engine = await CommandLine.LoadEngineAsync(options, stderr, ct);
        var pipeline = engine.Pipeline;
        var cache = a.Has("--no-cache") ? null : new DescriptorCache(portal.DescriptorCacheDirectory);
        var files = pairs.SelectMany(p => new[] { p.PathA, p.PathB }).Distinct().ToList();
        var bar = new ProgressBar(stderr, "embedding");
        var progress = new SynchronousProgress<EmbedProgress>(p => bar.Report(p.Done, p.Total, p.ImagesPerSecond, $"no face {p.NoFace}, errors {p.Errors}"));
        var clock = Stopwatch.StartNew();
        // The process's CPU time over the embedding (all cores): what the import's cost is compared with (bench-pipeline-vs-faceapi.sh).
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var embedder = new ImageSetEmbedder(pipeline, engine.Decoder, cache);
        var byRelative = files.ToDictionary(f => f, f => Path.Combine(root, f));
        var results = await embedder.EmbedAsync(byRelative.Values.ToList(), a.Has("--aligned"), progress, ct);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;

        var metric = pipeline.Model.Metric;
        var scored = new List<ScoredPair>(pairs.Count);
        var scoredBothFound = new List<ScoredPair>(pairs.Count);
        var missing = 0;
        foreach (var p in pairs)
        {
            var da = results[byRelative[p.PathA]].Descriptor;
            var db = results[byRelative[p.PathB]].Descriptor;
            if (da is null || db is null)
            {
                missing++;
                scored.Add(new ScoredPair(ScoreConventions.MissingFaceScore, p.Same, p.Fold));
                continue;
            }
            var score = ScoreConventions.ToScore(DescriptorMath.Distance(da, db, metric), metric);
            scored.Add(new ScoredPair(score, p.Same, p.Fold));
            scoredBothFound.Add(new ScoredPair(score, p.Same, p.Fold));
        }
        var m = VerificationEvaluator.Evaluate(scored);
        var withoutMissing = scoredBothFound.Count > 0 ? VerificationEvaluator.Evaluate(scoredBothFound).Accuracy : double.NaN;

        var genuine = pairs.Count(p => p.Same);
        var warnings = ImbalanceWarning(genuine, pairs.Count - genuine) is { } w ? new[] { w } : [];
        var values = results.Values.ToList();
        var fromCache = progress.Last.FromCache;
        var computed = values.Count - fromCache;
        var output = new OutputJson(
            m.PairCount, m.Folds.Count, m.Accuracy, m.AccuracyStd, m.Auc, m.Eer, m.EerThreshold is { } et ? ScoreConventions.ToDistance(et, metric) : null,
            ScoreConventions.ToDistance(m.MeanFoldThreshold, metric), ScoreConventions.ToDistance(m.BestThreshold, metric),
            m.TarAtFar.ToDictionary(t => Key(t.TargetFar), t => t.Tar),
            m.TarAtFar.ToDictionary(t => Key(t.TargetFar), t => new TarJson(t.Tar, double.IsFinite(t.Threshold) ? ScoreConventions.ToDistance(t.Threshold, metric) : null, t.Far, t.FalseAccepts, t.ImpostorCount, t.Unreachable)),
            m.FoldAccuracies.ToArray(),
            values.Count, values.Count(v => v.Error is null && !v.HasFace), values.Count(v => v.Error is not null), values.Count(v => v.FaceCount > 1),
            MissingFacePolicy, missing, withoutMissing,
            seconds, computed > 0 ? computed / seconds : 0, cpuSeconds, fromCache,
            pipeline.Model.Name, metric.ToString(),
            pipeline.Model.Alignment == ModelAlignment.DlibChip ? pipeline.Options.Alignment.ToString() : pipeline.Model.Alignment.ToString(), pipeline.Options.FlipAugmentation,
            engine.ExecutionProvider, pipeline.Signature,
            Stats(scoredBothFound.Where(p => p.Same).Select(p => ScoreConventions.ToDistance(p.Score, metric))),
            Stats(scoredBothFound.Where(p => !p.Same).Select(p => ScoreConventions.ToDistance(p.Score, metric))),
            genuine, pairs.Count - genuine, warnings);

        foreach (var error in values.Where(v => v.Error is not null).Take(10))
        {
            await stderr.WriteLineAsync($"warning: {error.Error}");
        }
        await stdout.WriteLineAsync(a.Has("--json") ? CliJson.Serialize(output) : Describe(output));
        return 0;
    }

    private static string Key(double far) => far.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Describe(OutputJson o) => string.Join(Environment.NewLine, [
        $"pairs {o.Pairs} ({o.GenuinePairs} genuine, {o.ImpostorPairs} impostor) in {o.Folds} folds, model {o.Model} ({o.Metric}), alignment {o.Alignment}, flip {o.Flip}, provider {o.ExecutionProvider}",
        o.Folds > 1
            ? $"accuracy {o.Accuracy * 100:F2}% +- {o.AccuracyStd * 100:F2} ({o.Folds}-fold: each fold's threshold chosen on the other folds; mean distance threshold {o.MeanFoldThreshold:F4})"
            : $"accuracy {o.Accuracy * 100:F2}% at the best threshold of the single fold (distance {o.BestThreshold:F4}); use a 10-fold pairs file for an unbiased figure",
        $"AUC {o.Auc:F5}  EER {o.Eer * 100:F2}% at distance {o.EerThreshold:F4}",
        "TAR@FAR " + string.Join("  ", o.TarAtFarDetail.Select(t => $"{t.Key}: {(t.Value.Unreachable ? "unreachable" : $"{t.Value.Tar * 100:F2}%")}")),
        $"images {o.Images}: no face {o.NoFace}, errors {o.Errors}, several faces {o.SeveralFaces} (the most central large face is used); pairs with a missing face {o.PairsWithMissingFace} (scored as {o.MissingFacePolicy}); accuracy without them {o.AccuracyWithoutMissing * 100:F2}%",
        $"distance genuine {o.DistanceGenuine.Mean:F4} +- {o.DistanceGenuine.Std:F4}, impostor {o.DistanceImpostor.Mean:F4} +- {o.DistanceImpostor.Std:F4}",
        $"{o.Seconds:F1} s, {o.ImagesPerSecond:F1} images/s computed, {o.FromCache} from cache",
        .. o.Warnings.Select(w => "warning: " + w)]);
}

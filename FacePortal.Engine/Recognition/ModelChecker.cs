using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FacePortal.Engine.Alignment;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Pipeline;

namespace FacePortal.Engine.Recognition;

/// <summary>
/// Runs a new embedding model on a labelled sample under every plausible preprocessing (RGB or BGR, the usual
/// mean/std pairs, each alignment, cosine or Euclidean) and ranks them, so a wrong setting shows as a number rather
/// than as a model that silently does badly. Faces are found once per image (the engine's pipeline, primary face);
/// each preprocessing then only re-aligns and embeds. No flip: the raw model is what is being checked.
/// </summary>
public static class ModelChecker
{
    /// <summary>300 mated + 300 non-mated pairs: LFW's first fold.</summary>
    public const int DefaultSampleSize = 600;

    /// <summary>With 300 impostors the FAR that can be measured is about 1/300; 1e-2 allows three false accepts.</summary>
    public const double DefaultTargetFar = 1e-2;

    /// <summary>Below this accuracy on the sample no preprocessing is said to work.</summary>
    public const double WorkingAccuracy = 0.8;

    /// <summary>The (mean, std) pairs tried, for input = (pixel - mean) / std.</summary>
    public static IReadOnlyList<(float Mean, float Std)> MeanStd { get; } = [(0, 1), (127.5f, 127.5f), (127.5f, 128), (0, 255)];

    /// <summary>
    /// The sample: the pairs of the file's first fold; when <paramref name="count"/> is smaller, a seeded half of
    /// mated and half of non-mated pairs of it (the same for the same seed).
    /// </summary>
    public static IReadOnlyList<VerificationPair> Sample(IReadOnlyList<VerificationPair> pairs, int count = DefaultSampleSize, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        if (pairs.Count == 0)
        {
            throw new ArgumentException("no pairs to sample", nameof(pairs));
        }
        var fold = pairs.Min(p => p.Fold);
        var first = pairs.Where(p => p.Fold == fold).ToList();
        if (first.Count <= count)
        {
            return first;
        }
        var random = new Random(seed);
        var mated = first.Where(p => p.Same).OrderBy(_ => random.Next()).ToList();
        var nonMated = first.Where(p => !p.Same).OrderBy(_ => random.Next()).ToList();
        var m = Math.Min(mated.Count, Math.Max(count / 2, count - nonMated.Count));
        return [.. mated.Take(m), .. nonMated.Take(count - m)];
    }

    /// <summary>The preprocessings to embed with (the metric is varied when scoring, so it is not among them).</summary>
    public static IReadOnlyList<EmbeddingModelOptions> Preprocessings(EmbeddingModelOptions model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var alignments = model.Width == model.Height ? new[] { ModelAlignment.DlibChip, ModelAlignment.ArcFace } : [ModelAlignment.ArcFace];
        return [.. from alignment in alignments
                   from order in new[] { "RGB", "BGR" }
                   from ms in MeanStd
                   select model with
                   {
                       Alignment = alignment,
                       ChannelOrder = order,
                       Mean = [ms.Mean, ms.Mean, ms.Mean],
                       Std = [ms.Std, ms.Std, ms.Std],
                   }];
    }

    /// <summary>"RGB, (x - 127.5) / 128, ArcFace, Cosine".</summary>
    public static string Label(EmbeddingModelOptions o) => $"{PreprocessingLabel(o)}, {o.Metric}";

    /// <summary>"RGB, (x - 127.5) / 128, ArcFace".</summary>
    public static string PreprocessingLabel(EmbeddingModelOptions o) =>
        string.Create(CultureInfo.InvariantCulture, $"{o.ChannelOrder}, (x - {o.MeanOrDefault[0]:0.###}) / {o.StdOrDefault[0]:0.###}, {o.Alignment}");

    /// <summary>The check with the engine's own pipeline finding the faces (no flip, the built-in model; its descriptors are not used).</summary>
    public static Task<ModelCheckReport> RunAsync(FaceEngine engine, ModelProbe probe, IReadOnlyList<VerificationPair> pairs, string sample,
        double targetFar, IProgress<ModelCheckProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var options = engine.Options.Pipeline;
        var faces = engine.CreatePipeline(options with { FlipAugmentation = false, RecognitionModel = EmbeddingModelOptions.BuiltInName });
        return RunAsync(probe, faces, engine.Decoder, pairs, sample, options.ChipPadding, targetFar, options.BatchSize, progress, cancellationToken);
    }

    /// <param name="probe">The model.</param>
    /// <param name="faces">The pipeline that finds the faces and their landmarks (its own model's descriptors are not used; give it no flip).</param>
    /// <param name="decoder">Decodes the sample's images.</param>
    /// <param name="pairs">The sample, paths as files to read.</param>
    /// <param name="sample">What the sample is, in words.</param>
    /// <param name="chipPadding">The dlib chip's padding (the pipeline's).</param>
    /// <param name="targetFar">The FAR at which TAR is reported.</param>
    /// <param name="batchSize">Faces per model run.</param>
    /// <param name="progress">Progress, stage by stage.</param>
    /// <param name="cancellationToken">Stops the check between batches.</param>
    public static async Task<ModelCheckReport> RunAsync(
        ModelProbe probe, FacePipeline faces, ImageDecoder decoder, IReadOnlyList<VerificationPair> pairs, string sample,
        double chipPadding, double targetFar, int batchSize, IProgress<ModelCheckProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            throw new ArgumentException("the sample holds no pairs", nameof(pairs));
        }
        if (!(targetFar > 0 && targetFar < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetFar), targetFar, "target FAR must lie between 0 and 1");
        }
        var clock = Stopwatch.StartNew();
        var files = pairs.SelectMany(p => new[] { p.PathA, p.PathB }).Distinct(StringComparer.Ordinal).ToList();
        var index = files.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i, StringComparer.Ordinal);
        var landmarks = await FindFacesAsync(faces, decoder, files, batchSize, progress, cancellationToken).ConfigureAwait(false);

        var variants = Preprocessings(probe.Options);
        var outcomes = new List<(EmbeddingModelOptions Options, VerificationMetrics Metrics)>();
        var done = 0;
        foreach (var alignment in variants.Select(v => v.Alignment).Distinct())
        {
            var chips = await AlignAllAsync(probe.Options with { Alignment = alignment }, decoder, files, landmarks, chipPadding, cancellationToken).ConfigureAwait(false);
            foreach (var variant in variants.Where(v => v.Alignment == alignment))
            {
                var label = PreprocessingLabel(variant);
                var offset = done * files.Count;
                var descriptors = Embed(probe.CreateEmbedder(variant, batchSize), chips, batchSize,
                    k => progress?.Report(new ModelCheckProgress("embed", offset + k, variants.Count * files.Count, label)), cancellationToken);
                foreach (var metric in new[] { DistanceMetric.Cosine, DistanceMetric.Euclidean })
                {
                    var scored = pairs.Select((p, i) =>
                    {
                        var (a, b) = (descriptors[index[p.PathA]], descriptors[index[p.PathB]]);
                        var score = a is null || b is null ? ScoreConventions.MissingFaceScore : ScoreConventions.ToScore(DescriptorMath.Distance(a, b, metric), metric);
                        return new ScoredPair(double.IsNaN(score) ? ScoreConventions.MissingFaceScore : score, p.Same, i % 10);
                    }).ToList();
                    outcomes.Add((variant with { Metric = metric }, VerificationEvaluator.Evaluate(scored, [targetFar])));
                }
                done++;
            }
        }
        progress?.Report(new ModelCheckProgress("embed", done * files.Count, variants.Count * files.Count, "done"));

        var ranked = outcomes.OrderByDescending(o => o.Metrics.Accuracy).ThenByDescending(o => o.Metrics.Auc ?? 0).ToList();
        var bestAccuracy = ranked[0].Metrics.Accuracy;
        var anyWorks = bestAccuracy >= WorkingAccuracy;
        var results = ranked.Select((o, i) =>
        {
            var m = o.Metrics;
            var tar = m.TarAtFar[0];
            var threshold = Math.Round(ScoreConventions.ToDistance(m.BestThreshold, o.Options.Metric), 4);
            return new ModelCheckOutcome(i + 1, Label(o.Options), o.Options with { Threshold = threshold }, m.Accuracy, m.AccuracyStd, m.Auc, m.Eer,
                tar.Tar, tar.Unreachable, threshold, anyWorks && m.Accuracy >= bestAccuracy - 0.01);
        }).ToList();
        var best = results[0];
        var recommendation = anyWorks
            ? string.Create(CultureInfo.InvariantCulture, $"use {best.Label}: {best.Accuracy * 100:F2}% on the sample ({results.Count(r => r.Works)} of {results.Count} preprocessings within a point of it)")
            : string.Create(CultureInfo.InvariantCulture, $"no preprocessing works: the best, {best.Label}, reaches {best.Accuracy * 100:F2}% (below {WorkingAccuracy * 100:F0}%); the file may not be a face-embedding model, or it needs a preprocessing not tried here");
        var genuine = pairs.Count(p => p.Same);
        var shape = $"{probe.Options.Width}x{probe.Options.Height} {probe.Options.Layout}, {probe.Shape.BatchDescription}, {probe.Options.EmbeddingSize}-d";
        return new ModelCheckReport(probe.Options, shape, probe.SizeNote, sample, pairs.Count, genuine, files.Count, landmarks.Count(l => l is null), targetFar,
            results, anyWorks, recommendation, Configuration(best.Options), clock.Elapsed);
    }

    /// <summary>The settings of <paramref name="model"/> as an appsettings.json block (one EmbeddingModels entry).</summary>
    public static string Configuration(EmbeddingModelOptions model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var entry = new JsonObject
        {
            ["Name"] = model.Name,
            ["Path"] = model.Path,
        };
        if (model.Width == model.Height)
        {
            entry["InputSize"] = model.Width;
        }
        else
        {
            entry["InputWidth"] = model.Width;
            entry["InputHeight"] = model.Height;
        }
        entry["Layout"] = model.Layout.ToString();
        entry["ChannelOrder"] = model.ChannelOrder;
        entry["Mean"] = new JsonArray([.. model.MeanOrDefault.Select(v => JsonValue.Create(v))]);
        entry["Std"] = new JsonArray([.. model.StdOrDefault.Select(v => JsonValue.Create(v))]);
        entry["EmbeddingSize"] = model.EmbeddingSize;
        entry["Metric"] = model.Metric.ToString();
        entry["Alignment"] = model.Alignment.ToString();
        entry["Threshold"] = model.Threshold;
        var root = new JsonObject { ["FacePortal"] = new JsonObject { ["Engine"] = new JsonObject { ["EmbeddingModels"] = new JsonArray(entry) } } };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The primary face's landmarks of each file (null: unreadable, no face, or no landmarks).</summary>
    public static async Task<FaceLandmarks?[]> FindFacesAsync(FacePipeline pipeline, ImageDecoder decoder, IReadOnlyList<string> files, int batchSize,
        IProgress<ModelCheckProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(files);
        var result = new FaceLandmarks?[files.Count];
        var batch = Math.Max(1, batchSize);
        for (var start = 0; start < files.Count; start += batch)
        {
            progress?.Report(new ModelCheckProgress("faces", start, files.Count, "detection and landmarks"));
            var n = Math.Min(batch, files.Count - start);
            var images = await DecodeAsync(decoder, files, start, n, cancellationToken).ConfigureAwait(false);
            var present = Enumerable.Range(0, n).Where(i => images[i] is not null).ToList();
            var found = pipeline.Analyze([.. present.Select(i => images[i]!)], FaceSelection.Primary, cancellationToken);
            for (var k = 0; k < present.Count; k++)
            {
                result[start + present[k]] = found[k].Primary?.Landmarks;
            }
        }
        progress?.Report(new ModelCheckProgress("faces", files.Count, files.Count, "detection and landmarks"));
        return result;
    }

    private static async Task<RgbImage?[]> DecodeAsync(ImageDecoder decoder, IReadOnlyList<string> files, int start, int count, CancellationToken ct)
    {
        var images = new RgbImage?[count];
        await Parallel.ForAsync(0, count, ct, async (i, token) =>
        {
            try
            {
                images[i] = decoder.Decode(await File.ReadAllBytesAsync(files[start + i], token).ConfigureAwait(false), files[start + i]);
            }
            catch (Exception e) when (e is ImageDecodeException or IOException or UnauthorizedAccessException)
            {
                images[i] = null;
            }
        }).ConfigureAwait(false);
        return images;
    }

    // One chip per image for one alignment, kept as bytes (a float copy per batch is made when embedding).
    private static async Task<RgbImage?[]> AlignAllAsync(EmbeddingModelOptions model, ImageDecoder decoder, IReadOnlyList<string> files,
        IReadOnlyList<FaceLandmarks?> landmarks, double chipPadding, CancellationToken ct)
    {
        var dlib = model.Alignment == ModelAlignment.DlibChip ? new FaceChipAligner(model.Width, model.ChipPadding ?? chipPadding) : null;
        var fivePoint = model.FivePointTemplate() is { } template ? new FivePointAligner(model.Width, model.Height, template) : null;
        var chips = new RgbImage?[files.Count];
        const int block = 64;
        for (var start = 0; start < files.Count; start += block)
        {
            var n = Math.Min(block, files.Count - start);
            var images = await DecodeAsync(decoder, files, start, n, ct).ConfigureAwait(false);
            Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i =>
            {
                if (images[i] is { } image && landmarks[start + i] is { } l)
                {
                    try
                    {
                        chips[start + i] = dlib is not null ? dlib.Align(image, l.Points).Image : fivePoint!.Align(image, l.Points);
                    }
                    catch (ArgumentException)
                    {
                        chips[start + i] = null; // degenerate landmarks: no face for this alignment
                    }
                }
            });
        }
        return chips;
    }

    private static float[]?[] Embed(FaceEmbedder embedder, RgbImage?[] chips, int batchSize, Action<int> onProgress, CancellationToken ct)
    {
        onProgress(0);
        var result = new float[]?[chips.Length];
        var present = Enumerable.Range(0, chips.Length).Where(i => chips[i] is not null).ToList();
        var block = Math.Max(1, batchSize) * 4;
        for (var start = 0; start < present.Count; start += block)
        {
            var part = present.GetRange(start, Math.Min(block, present.Count - start));
            var floats = part.Select(i =>
            {
                var px = chips[i]!.Pixels;
                var f = new float[px.Length];
                for (var k = 0; k < px.Length; k++)
                {
                    f[k] = px[k];
                }
                return f;
            }).ToList();
            var descriptors = embedder.Embed(floats, ct);
            for (var k = 0; k < part.Count; k++)
            {
                result[part[k]] = descriptors[k].All(float.IsFinite) ? descriptors[k] : null;
            }
            onProgress(part[^1] + 1);
        }
        return result;
    }
}

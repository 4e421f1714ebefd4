using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FacePortal.Engine;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Runtime;
using FacePortal.Web.Features.Models;

namespace FacePortal.Web.Cli;

/// <summary>
/// <c>check-model --path model.onnx</c>: runs a new embedding model on a labelled sample (LFW's first fold, or the
/// pairs given) under every plausible preprocessing and ranks them; prints the configuration block of the best.
/// </summary>
public static class CheckModelCommand
{
    // The verbs' JSON, with the settings' enums by name (Layout "Nchw", Alignment "ArcFace") as appsettings.json has them.
    private static readonly JsonSerializerOptions Json = new(CliJson.Options) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<int> RunAsync(string[] args, FaceEngineOptions options, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = CliArguments.Parse(args, new HashSet<string>(CommandLine.PipelineFlagNames) { "--json" },
            new HashSet<string>(CommandLine.PipelineOptionNames) { "--path", "--images", "--pairs", "--lfw", "--sample", "--seed", "--target-far", "--name" });
        var path = a.Required("--path");
        if (!File.Exists(path))
        {
            throw new CliUsageException($"No model file at {Path.GetFullPath(path)}.");
        }
        var defaults = new ModelCheckOptions();
        var sampleSize = a.Value("--sample") is { } s ? CommandLine.ParseInt("--sample", s) : defaults.SampleSize;
        var seed = a.Value("--seed") is { } sd ? CommandLine.ParseInt("--seed", sd) : 1;
        var targetFar = a.Value("--target-far") is { } tf
            ? double.TryParse(tf, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f is > 0 and < 1 ? f : throw new CliUsageException($"--target-far must be a number between 0 and 1 (got '{tf}').")
            : defaults.TargetFar;
        if (sampleSize < 2)
        {
            throw new CliUsageException("--sample needs at least 2 pairs.");
        }

        string images, pairsFile;
        if (a.Value("--pairs") is { } given)
        {
            pairsFile = given;
            images = a.Required("--images");
        }
        else
        {
            var lfw = a.Value("--lfw") is { } l ? new ModelCheckOptions { LfwDirectory = l } : defaults;
            if (!lfw.HasLfw)
            {
                throw new CliUsageException($"No LFW at {Path.GetFullPath(lfw.LfwDirectory)} (images/ and pairs.txt): give --lfw DIR, or --images ROOT --pairs FILE.");
            }
            (images, pairsFile) = (lfw.LfwImages, lfw.LfwPairs);
        }
        if (!Directory.Exists(images))
        {
            throw new CliUsageException($"No images folder at {images}.");
        }
        var sample = ModelChecker.Sample(PairsFile.Load(pairsFile), sampleSize, seed);
        var pairs = sample.Select(p => p with { PathA = Path.Combine(images, p.PathA), PathB = Path.Combine(images, p.PathB) }).ToList();

        options = CommandLine.ApplyPipelineArguments(options, a);
        using var engine = await CommandLine.LoadEngineAsync(options, stderr, ct);
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(c => c.SingleLine = true));
        using var probe = ModelProbe.Open(path, new OnnxSessionFactory(options.Runtime, loggers.CreateLogger<OnnxSessionFactory>()),
            a.Value("--name") ?? Path.GetFileNameWithoutExtension(path));
        await stderr.WriteLineAsync($"model {probe.Options.Width}x{probe.Options.Height} {probe.Options.Layout}, {probe.Shape.BatchDescription}, {probe.Options.EmbeddingSize}-d{(probe.SizeNote is { } note ? $" ({note})" : "")}");

        var bar = new ProgressBar(stderr, "check");
        var stage = "";
        var progress = new SynchronousProgress<ModelCheckProgress>(p =>
        {
            if (p.Stage != stage)
            {
                stage = p.Stage;
                bar = new ProgressBar(stderr, p.Stage == "faces" ? "faces" : "embedding");
            }
            bar.Report(p.Done, p.Total, 0, p.Detail);
        });
        var report = await ModelChecker.RunAsync(engine, probe, pairs, $"{pairsFile}, first fold ({pairs.Count} pairs)", targetFar, progress, ct);
        await stderr.WriteLineAsync();
        await stdout.WriteLineAsync(a.Has("--json") ? JsonSerializer.Serialize(report, Json) : Describe(report));
        return 0;
    }

    private static string Describe(ModelCheckReport r) => string.Join(Environment.NewLine, [
        $"model {r.Model.Path}: {r.Shape}{(r.SizeNote is { } n ? $" ({n})" : "")}",
        $"sample {r.Sample}: {r.Pairs} pairs ({r.MatedPairs} mated), {r.Images} images, {r.ImagesWithoutFace} without a face; {r.Elapsed.TotalSeconds:F0} s",
        "",
        string.Create(CultureInfo.InvariantCulture, $"{"#",3}  {"preprocessing",-44} {"accuracy",9} {"AUC",7} {"EER",7} {"TAR@" + r.TargetFar.ToString("0.####", CultureInfo.InvariantCulture),9}"),
        .. r.Outcomes.Select(o => string.Create(CultureInfo.InvariantCulture,
            $"{o.Rank,3}  {o.Label,-44} {o.Accuracy * 100,8:F2}% {o.Auc ?? double.NaN,7:F4} {(o.Eer ?? double.NaN) * 100,6:F2}% {(o.TarUnreachable ? "n/a" : $"{o.TarAtFar * 100:F2}%"),9}{(o.Works ? "  works" : "")}")),
        "",
        r.Recommendation,
        "",
        "appsettings.json:",
        r.Configuration]);
}

using System.Diagnostics;
using FacePortal.Engine;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Runtime;

namespace FacePortal.Web.Cli;

/// <summary>
/// <c>bench [--json] [--runs N] [--images folder]</c>: throughput of each network on its own (median of several runs)
/// and of the whole pipeline on real images.
/// </summary>
public static class BenchCommand
{
    public sealed record NetworkFigure(double ItemsPerSecond, int Batch, double[] Runs);

    public sealed record PipelineFigure(double ImagesPerSecond, int Images, double[] Runs, string Source);

    public sealed record OutputJson(string ExecutionProvider, NetworkFigure Recognition, NetworkFigure Detector, NetworkFigure Landmarks, PipelineFigure Pipeline);

    public static async Task<int> RunAsync(string[] args, FaceEngineOptions options, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = CliArguments.Parse(args, new HashSet<string>(CommandLine.PipelineFlagNames) { "--json" },
            new HashSet<string>(CommandLine.PipelineOptionNames) { "--runs", "--images", "--count" });
        options = CommandLine.ApplyPipelineArguments(options, a);
        var runs = a.Value("--runs") is { } r ? CommandLine.ParseInt("--runs", r) : 5;
        var batch = options.Pipeline.BatchSize;
        using var engine = await CommandLine.LoadEngineAsync(options, stderr, ct);

        OnnxNetwork Net(string prefix) => engine.Networks.First(n => n.Name.StartsWith(prefix, StringComparison.Ordinal));
        var recognition = Measure(Net(engine.Pipeline.Model.Name), batch, runs, ct);
        await stderr.WriteLineAsync($"recognition: {recognition.ItemsPerSecond:F1} items/s (batch {batch})");
        var detector = Measure(Net("tiny_face_detector"), batch, runs, ct);
        await stderr.WriteLineAsync($"detector: {detector.ItemsPerSecond:F1} items/s (batch {batch})");
        var landmarks = Measure(Net("face_landmark_68"), batch, runs, ct);
        await stderr.WriteLineAsync($"landmarks: {landmarks.ItemsPerSecond:F1} items/s (batch {batch})");

        var (files, source) = PipelineImages(a);
        var count = a.Value("--count") is { } c ? CommandLine.ParseInt("--count", c) : 128;
        files = files.Take(count).ToList();
        var pipelineRuns = new List<double>();
        for (var run = 0; run < Math.Max(1, runs / 2); run++)
        {
            var clock = Stopwatch.StartNew();
            for (var start = 0; start < files.Count; start += batch)
            {
                var images = new RgbImage[Math.Min(batch, files.Count - start)];
                await Parallel.ForAsync(0, images.Length, ct, async (i, token) =>
                    images[i] = await engine.Decoder.DecodeFileAsync(files[start + i], token));
                engine.Pipeline.Analyze(images, FaceSelection.Primary, ct);
            }
            pipelineRuns.Add(files.Count / clock.Elapsed.TotalSeconds);
        }
        var pipeline = new PipelineFigure(Median(pipelineRuns), files.Count, pipelineRuns.ToArray(), source);
        await stderr.WriteLineAsync($"pipeline: {pipeline.ImagesPerSecond:F1} images/s (decode + detect + landmarks + align + embed, {files.Count} images from {source})");

        var result = new OutputJson(engine.ExecutionProvider, recognition, detector, landmarks, pipeline);
        await stdout.WriteLineAsync(a.Has("--json")
            ? CliJson.Serialize(result)
            : $"provider {result.ExecutionProvider}\nrecognition {recognition.ItemsPerSecond:F1}/s\ndetector {detector.ItemsPerSecond:F1}/s\nlandmarks {landmarks.ItemsPerSecond:F1}/s\npipeline {pipeline.ImagesPerSecond:F1} images/s");
        return 0;
    }

    /// <summary>Items per second of one network on a fixed pseudo-random batch: one warm-up, then the median of the runs.</summary>
    public static NetworkFigure Measure(OnnxNetwork network, int batch, int runs, CancellationToken ct)
    {
        var input = new float[batch * network.ItemSize];
        var random = new Random(42);
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = random.Next(256);
        }
        network.Run(input, batch, ct);
        var figures = new double[runs];
        for (var run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            network.Run(input, batch, ct);
            figures[run] = batch / clock.Elapsed.TotalSeconds;
        }
        return new NetworkFigure(Median(figures), batch, figures);
    }

    private static (List<string> Files, string Source) PipelineImages(CliArguments a)
    {
        if (a.Value("--images") is { } folder)
        {
            return (CommandLine.ExpandImages([folder]), folder);
        }
        // LFW beside the repository when present: the images the accuracy figures come from.
        var lfw = Path.Combine("..", "shared", "datasets", "lfw", "images");
        if (Directory.Exists(lfw))
        {
            return (CommandLine.ExpandImages([lfw]), lfw);
        }
        throw new CliUsageException("bench needs images for the pipeline figure: pass --images <folder>.");
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

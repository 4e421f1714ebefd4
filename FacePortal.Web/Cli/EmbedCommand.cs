using FacePortal.Engine;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Pipeline;
using SixLabors.ImageSharp;

namespace FacePortal.Web.Cli;

/// <summary><c>embed [--aligned] [--json] &lt;file|folder&gt;...</c>: every face of every image.</summary>
public static class EmbedCommand
{
    public sealed record FaceJson(double[] Box, double Score, double[][]? Landmarks, float[]? Descriptor);

    public sealed record ImageJson(string File, int? Width, int? Height, string? Error, FaceJson[] Faces);

    public sealed record OutputJson(string Model, string ExecutionProvider, ImageJson[] Images);

    public static async Task<int> RunAsync(string[] args, FaceEngineOptions options, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = CliArguments.Parse(args, new HashSet<string>(CommandLine.PipelineFlagNames) { "--aligned", "--json" },
            new HashSet<string>(CommandLine.PipelineOptionNames) { "--chips" });
        if (a.Positional.Count == 0)
        {
            throw new CliUsageException("embed needs at least one image file or folder.");
        }
        options = CommandLine.ApplyPipelineArguments(options, a);
        var files = CommandLine.ExpandImages(a.Positional);
        using var engine = await CommandLine.LoadEngineAsync(options, stderr, ct);
        var images = new List<ImageJson>();
        var batch = options.Pipeline.BatchSize;
        for (var start = 0; start < files.Count; start += batch)
        {
            var chunk = files.Skip(start).Take(batch).ToList();
            var decoded = new List<(string File, RgbImage Image)>();
            foreach (var file in chunk)
            {
                try
                {
                    decoded.Add((file, await engine.Decoder.DecodeFileAsync(file, ct)));
                }
                catch (ImageDecodeException e)
                {
                    images.Add(new ImageJson(file, null, null, e.Message, []));
                }
            }
            images.AddRange(a.Has("--aligned") ? EmbedAligned(engine, decoded, ct) : Analyze(engine, decoded, a.Value("--chips"), ct));
        }

        var failed = images.Count(i => i.Error is not null);
        if (a.Has("--json"))
        {
            await stdout.WriteLineAsync(CliJson.Serialize(new OutputJson(engine.Pipeline.Model.Name, engine.ExecutionProvider, images.ToArray())));
        }
        else
        {
            foreach (var i in images)
            {
                await stdout.WriteLineAsync(i.Error is not null
                    ? $"{i.File}: error: {i.Error}"
                    : $"{i.File}: {i.Width}x{i.Height}, {i.Faces.Length} face(s)" + string.Concat(i.Faces.Select(f =>
                        $"\n  box [{string.Join(", ", f.Box.Select(v => v.ToString("F1")))}] score {f.Score:F3}" +
                        (f.Descriptor is null ? " (too small to embed)" : $" descriptor[{f.Descriptor.Length}]"))));
            }
        }
        return failed > 0 && failed == images.Count ? 1 : 0;
    }

    private static IEnumerable<ImageJson> Analyze(FaceEngine engine, List<(string File, RgbImage Image)> decoded, string? chipFolder, CancellationToken ct)
    {
        var results = new FaceDescriber(engine.Pipeline).Analyze(decoded.Select(d => d.Image).ToList(), FaceSelection.All, null, ct);
        if (chipFolder is not null)
        {
            SaveChips(decoded, results, chipFolder);
        }
        return decoded.Select((d, i) => new ImageJson(d.File, d.Image.Width, d.Image.Height, null,
            results[i].Faces.Select(f => new FaceJson(
                [f.Detection.Box.X, f.Detection.Box.Y, f.Detection.Box.Width, f.Detection.Box.Height],
                f.Detection.Score,
                f.Landmarks?.Points.Select(p => new double[] { p.X, p.Y }).ToArray(),
                f.Descriptor)).ToArray()));
    }

    /// <summary>--chips: the aligned crop of every face as PNG, to see what the recognition network sees.</summary>
    private static void SaveChips(List<(string File, RgbImage Image)> decoded, IReadOnlyList<ImageFaces> results, string folder)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < decoded.Count; i++)
        {
            for (var f = 0; f < results[i].Faces.Count; f++)
            {
                // The chip the pipeline embedded, not a second alignment.
                if (results[i].Faces[f].Chip is not { } chip)
                {
                    continue;
                }
                File.WriteAllBytes(Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(decoded[i].File)}_face{f}.png"), PngFile.Encode(chip));
            }
        }
    }

    private static IEnumerable<ImageJson> EmbedAligned(FaceEngine engine, List<(string File, RgbImage Image)> decoded, CancellationToken ct)
    {
        var descriptors = new FaceDescriber(engine.Pipeline).DescribeAligned(decoded.Select(d => d.Image).ToList(), ct);
        return decoded.Select((d, i) => new ImageJson(d.File, d.Image.Width, d.Image.Height, null,
            [new FaceJson([0, 0, d.Image.Width, d.Image.Height], 1, null, descriptors[i])]));
    }
}

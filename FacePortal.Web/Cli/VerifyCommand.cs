using FacePortal.Engine;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Recognition;

namespace FacePortal.Web.Cli;

/// <summary><c>verify [--json] &lt;a&gt; &lt;b&gt;</c>: the primary faces of two images, compared.</summary>
public static class VerifyCommand
{
    public sealed record OutputJson(double Distance, double Similarity, double Threshold, bool Match);

    public static async Task<int> RunAsync(string[] args, FaceEngineOptions options, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = CliArguments.Parse(args, new HashSet<string>(CommandLine.PipelineFlagNames) { "--json", "--aligned" }, new HashSet<string>(CommandLine.PipelineOptionNames) { "--threshold" });
        if (a.Positional.Count != 2)
        {
            throw new CliUsageException("verify needs exactly two images.");
        }
        options = CommandLine.ApplyPipelineArguments(options, a);
        using var engine = await CommandLine.LoadEngineAsync(options, stderr, ct);
        var images = new[]
        {
            await engine.Decoder.DecodeFileAsync(a.Positional[0], ct),
            await engine.Decoder.DecodeFileAsync(a.Positional[1], ct),
        };
        float[][] descriptors;
        if (a.Has("--aligned"))
        {
            descriptors = new FaceDescriber(engine.Pipeline).DescribeAligned(images, ct);
        }
        else
        {
            var faces = new FaceDescriber(engine.Pipeline).Analyze(images, FaceSelection.Primary, null, ct);
            for (var i = 0; i < 2; i++)
            {
                if (faces[i].Primary?.Descriptor is null)
                {
                    await stderr.WriteLineAsync($"error: no face found in {a.Positional[i]}");
                    return 1;
                }
            }
            descriptors = faces.Select(f => f.Primary!.Descriptor!).ToArray();
        }
        var model = engine.Pipeline.Model;
        var threshold = a.Value("--threshold") is { } t ? double.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : model.Threshold;
        var distance = DescriptorMath.Distance(descriptors[0], descriptors[1], model.Metric);
        var result = new OutputJson(distance, DescriptorMath.Similarity(distance, model.Metric), threshold, distance <= threshold);
        await stdout.WriteLineAsync(a.Has("--json")
            ? CliJson.Serialize(result)
            : $"distance {result.Distance:F4} (threshold {result.Threshold:F4}): {(result.Match ? "same person" : "different people")}");
        return 0;
    }
}

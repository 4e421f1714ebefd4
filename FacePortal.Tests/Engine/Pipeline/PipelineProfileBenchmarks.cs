using System.Diagnostics;
using FacePortal.Engine.Pipeline;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Pipeline;

/// <summary>
/// Where an LFW image's time goes: decode, then each pipeline stage (<see cref="PipelineTimings"/>), for the primary face
/// (as `evaluate`) and for every face (as the import), with the detector input at 416 and following the image.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(EngineCollection.Name)]
public class PipelineProfileBenchmarks(EngineFixture fixture, ITestOutputHelper output)
{
    [BenchmarkFact]
    public void Analyze_256LfwImages_TimePerStage()
    {
        if (SharedData.LfwMissing is { } missing)
        {
            output.WriteLine("skipped: " + missing);
            return;
        }
        var files = LfwSample.First(256);
        var decoder = fixture.Engine.Decoder;
        var clock = Stopwatch.StartNew();
        var images = files.Select(f => decoder.Decode(File.ReadAllBytes(f), f)).ToList();
        output.WriteLine($"decode (one thread): {clock.Elapsed.TotalMilliseconds / files.Count:F2} ms/image");

        var variants = new (string Name, PipelineOptions Options, FaceSelection Selection)[]
        {
            ("416, primary (evaluate before)", fixture.Options.Pipeline with { DetectorInputFollowsImage = false }, FaceSelection.Primary),
            ("416, all faces (import before)", fixture.Options.Pipeline with { DetectorInputFollowsImage = false }, FaceSelection.All),
            ("follows image, primary (evaluate)", fixture.Options.Pipeline, FaceSelection.Primary),
            ("follows image, all faces (import)", fixture.Options.Pipeline, FaceSelection.All),
            ("follows image, all faces, no flip", fixture.Options.Pipeline with { FlipAugmentation = false }, FaceSelection.All),
        };
        foreach (var (name, options, selection) in variants)
        {
            var pipeline = fixture.Engine.CreatePipeline(options);
            pipeline.Analyze(images.Take(32).ToList(), selection, CancellationToken.None);
            var runs = new List<(double Total, PipelineTimings Timings)>();
            for (var run = 0; run < 3; run++)
            {
                var timings = new PipelineTimings();
                clock.Restart();
                for (var start = 0; start < images.Count; start += options.BatchSize)
                {
                    pipeline.Analyze(images.Skip(start).Take(options.BatchSize).ToList(), selection, timings, CancellationToken.None);
                }
                runs.Add((clock.Elapsed.TotalMilliseconds, timings));
            }
            var (total, t) = runs.OrderBy(r => r.Total).ElementAt(1);
            double Per(TimeSpan span) => span.TotalMilliseconds / images.Count;
            output.WriteLine($"{name}: {images.Count * 1000 / total:F1} images/s; ms/image: detect {Per(t.Detect):F2}, landmarks {Per(t.Landmarks):F2}, " +
                $"align {Per(t.Align):F2}, embed {Per(t.Embed):F2}, total {total / images.Count:F2}");
        }
    }
}

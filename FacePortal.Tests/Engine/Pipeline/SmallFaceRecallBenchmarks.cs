using System.Diagnostics;
using FacePortal.Engine.Pipeline;
using FacePortal.Tests.Engine.Detection;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Pipeline;

/// <summary>Recall on the group photos (<see cref="GroupPhotoSet"/>) at several widths, for the detector settings worth comparing.</summary>
[Trait("Category", "Benchmark")]
[Collection(EngineCollection.Name)]
public class SmallFaceRecallBenchmarks(EngineFixture fixture, ITestOutputHelper output)
{
    [BenchmarkFact]
    public void Analyze_GroupPhotos_RecallPerDetectorSetting()
    {
        if (SharedData.GoldenMissing is { } missing)
        {
            output.WriteLine("skipped: " + missing);
            return;
        }
        var settings = new (string Name, PipelineOptions Options)[]
        {
            ("whole image at 416 (no tiles)", fixture.Options.Pipeline with { DetectorTiles = 0 }),
            ("whole image at 608 (no tiles)", fixture.Options.Pipeline with { DetectorTiles = 0, DetectorInputSize = 608 }),
            ("2 tiles, overlap 0.25 (default)", fixture.Options.Pipeline),
            ("3 tiles, overlap 0.25", fixture.Options.Pipeline with { DetectorTiles = 3 }),
        };
        output.WriteLine("| photos | setting | faces found | recall | detections matching no face | ms/photo |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var width in new[] { 400, 500, 640 })
        {
            var photos = GroupPhotoSet.Load(width);
            var images = photos.Select(p => p.Image).ToList();
            foreach (var (name, options) in settings)
            {
                var pipeline = fixture.Engine.CreatePipeline(options);
                var clock = Stopwatch.StartNew();
                var results = pipeline.Analyze(images, FaceSelection.All, CancellationToken.None);
                var ms = clock.Elapsed.TotalMilliseconds / images.Count;
                var (found, faces, extra) = GroupPhotoSet.Score(photos, results.Select(r => r.Faces.Select(f => f.Detection.Box).ToArray()).ToList());
                output.WriteLine($"| {photos.Count} at {width} px | {name} | {found} of {faces} | {100.0 * found / faces:F1}% | {extra} | {ms:F0} |");
            }
        }
    }
}

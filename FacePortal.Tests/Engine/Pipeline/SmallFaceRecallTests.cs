using FacePortal.Engine.Pipeline;
using FacePortal.Tests.Engine.Detection;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Pipeline;

/// <summary>Small faces in group photos (<see cref="GroupPhotoSet"/>): the tiles find what the squeezed whole image loses.</summary>
[Collection(EngineCollection.Name)]
public class SmallFaceRecallTests(EngineFixture fixture, ITestOutputHelper output)
{
    [FaceApiGoldenFact]
    public void Analyze_GroupPhotosAt500Pixels_TilesFindAtLeast90PercentOfTheFaces()
    {
        var photos = GroupPhotoSet.Load(500);
        var images = photos.Select(p => p.Image).ToList();
        (int Found, int Faces, int Extra) Run(PipelineOptions options)
        {
            var results = fixture.Engine.CreatePipeline(options).Analyze(images, FaceSelection.All, CancellationToken.None);
            return GroupPhotoSet.Score(photos, results.Select(r => r.Faces.Select(f => f.Detection.Box).ToArray()).ToList());
        }

        var whole = Run(fixture.Options.Pipeline with { DetectorTiles = 0 });
        var tiled = Run(fixture.Options.Pipeline);
        output.WriteLine($"{photos.Count} photos at 500 px, {tiled.Faces} faces of {photos.SelectMany(p => p.Faces).Min(f => f.Width):F0}-{photos.SelectMany(p => p.Faces).Max(f => f.Width):F0} px: " +
            $"whole image {whole.Found} found ({100.0 * whole.Found / whole.Faces:F1}%), {whole.Extra} extra; tiles {tiled.Found} found ({100.0 * tiled.Found / tiled.Faces:F1}%), {tiled.Extra} extra");

        Assert.True(tiled.Found >= 0.9 * tiled.Faces, $"tiles: {tiled.Found} of {tiled.Faces} faces");
        Assert.True(tiled.Found > whole.Found, $"tiles {tiled.Found}, whole image {whole.Found}");
        Assert.True(tiled.Extra <= 2, $"{tiled.Extra} detections match no face");
    }
}

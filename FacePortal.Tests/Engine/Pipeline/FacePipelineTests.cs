using System.Text.Json;
using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Engine.Pipeline;

[Collection(EngineCollection.Name)]
public class FacePipelineTests(EngineFixture fixture)
{
    private FacePipeline FaceApiPipeline => fixture.Engine.CreatePipeline(fixture.Options.Pipeline with { Alignment = AlignmentMethod.FaceApi, FlipAugmentation = false });

    [TrackingPngFact]
    public void Analyze_TrackingPngWithFaceApiAlignment_ReproducesFaceApiDescriptors()
    {
        // Exact pixels (PNG): the whole chain (landmarks -> face-api crop -> descriptor) must match face-api's,
        // given the same detection boxes (the golden's SSD faces).
        var image = fixture.Engine.Decoder.DecodeFile(TrackingPngFactAttribute.PngPath);
        using var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Golden, "tracking-faces-png.json")));
        var faces = golden.RootElement.GetProperty("image").GetProperty("faces").EnumerateArray().ToList();
        Assert.NotEmpty(faces);
        var pipeline = FaceApiPipeline;
        foreach (var face in faces)
        {
            var b = face.GetProperty("box");
            var box = new FaceBox(b.GetProperty("x").GetDouble(), b.GetProperty("y").GetDouble(), b.GetProperty("w").GetDouble(), b.GetProperty("h").GetDouble());
            var descriptor = pipeline.DescribeFace(image, box, CancellationToken.None);
            var expected = face.GetProperty("descriptor").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            var maxDiff = descriptor!.Zip(expected, (x, y) => Math.Abs(x - y)).Max();
            Assert.True(maxDiff <= 1e-4, $"descriptor max |diff| {maxDiff}");
        }
    }

    [Fact]
    public void Analyze_DemoImage_FindsEveryFaceWithLandmarksAndDescriptors()
    {
        var image = fixture.Engine.Decoder.DecodeFile(Path.Combine(FaceApiPackage.Directory, "demo", "sample1.jpg"));
        var result = fixture.Engine.Pipeline.Analyze([image], FaceSelection.All, CancellationToken.None).Single();

        Assert.Equal(3, result.Faces.Count);
        Assert.All(result.Faces, f =>
        {
            Assert.Equal(68, f.Landmarks!.Points.Length);
            Assert.Equal(128, f.Descriptor!.Length);
            // Every landmark lies inside (or at the edge of) its face box, widened by a quarter.
            var m = 0.25 * Math.Max(f.Detection.Box.Width, f.Detection.Box.Height);
            Assert.All(f.Landmarks.Points, p => Assert.InRange(p.X, f.Detection.Box.X - m, f.Detection.Box.Right + m));
        });
        Assert.Equal(DetectionRoute.Direct, result.Route);
        // Three different people: no two descriptors within face-api's 0.6.
        for (var i = 0; i < 3; i++)
        {
            for (var j = i + 1; j < 3; j++)
            {
                Assert.True(DescriptorMath.Distance(result.Faces[i].Descriptor, result.Faces[j].Descriptor, DistanceMetric.Euclidean) > 0.6);
            }
        }
    }

    [Fact]
    public void Analyze_PrimarySelection_EmbedsOnlyTheCentralFace()
    {
        var image = fixture.Engine.Decoder.DecodeFile(Path.Combine(FaceApiPackage.Directory, "demo", "sample1.jpg"));
        var result = fixture.Engine.Pipeline.Analyze([image], FaceSelection.Primary, CancellationToken.None).Single();

        Assert.Equal(3, result.Faces.Count);
        Assert.Single(result.Faces, f => f.Descriptor is not null);
        Assert.Same(result.Primary, result.Faces.Single(f => f.Descriptor is not null));
        var centre = result.Faces.MinBy(f => Math.Abs(f.Detection.Box.X + f.Detection.Box.Width / 2 - image.Width / 2.0));
        Assert.Same(centre, result.Primary);
    }

    [Fact]
    public void Analyze_ImageWithoutFace_ReportsNoFace()
    {
        // A smooth gradient: nothing face-like for any detector.
        var px = new byte[200 * 160 * 3];
        for (var i = 0; i < px.Length; i++)
        {
            px[i] = (byte)(i / 3 % 200);
        }
        var result = fixture.Engine.Pipeline.Analyze([new RgbImage(200, 160, px)], FaceSelection.All, CancellationToken.None).Single();

        Assert.Empty(result.Faces);
        Assert.Null(result.Primary);
        Assert.Equal(DetectionRoute.None, result.Route);
    }

    [Fact]
    public void Analyze_FlipAugmentation_ChangesDescriptorButKeepsIdentity()
    {
        var image = fixture.Engine.Decoder.DecodeFile(Path.Combine(FaceApiPackage.Directory, "demo", "sample2.jpg"));
        var plain = fixture.Engine.CreatePipeline(fixture.Options.Pipeline with { FlipAugmentation = false })
            .Analyze([image], FaceSelection.Primary, CancellationToken.None).Single().Primary!.Descriptor!;
        var flipped = fixture.Engine.CreatePipeline(fixture.Options.Pipeline with { FlipAugmentation = true })
            .Analyze([image], FaceSelection.Primary, CancellationToken.None).Single().Primary!.Descriptor!;

        var d = DescriptorMath.Distance(plain, flipped, DistanceMetric.Euclidean);
        Assert.InRange(d, 1e-4, 0.3);
    }

    [Fact]
    public void Analyze_BatchOfImages_EqualsOneByOne()
    {
        var images = Enumerable.Range(1, 3)
            .Select(i => fixture.Engine.Decoder.DecodeFile(Path.Combine(FaceApiPackage.Directory, "demo", $"sample{i}.jpg")))
            .ToList();
        var together = fixture.Engine.Pipeline.Analyze(images, FaceSelection.All, CancellationToken.None);
        for (var i = 0; i < images.Count; i++)
        {
            var alone = fixture.Engine.Pipeline.Analyze([images[i]], FaceSelection.All, CancellationToken.None).Single();
            Assert.Equal(alone.Faces.Count, together[i].Faces.Count);
            for (var f = 0; f < alone.Faces.Count; f++)
            {
                var diff = alone.Faces[f].Descriptor!.Zip(together[i].Faces[f].Descriptor!, (x, y) => Math.Abs(x - y)).Max();
                Assert.True(diff < 1e-4, $"image {i} face {f}: {diff}");
            }
        }
    }

    [Fact]
    public void Analyze_EmbeddedFaces_ReportTheSharpnessOfTheirAlignedChip()
    {
        var image = fixture.Engine.Decoder.DecodeFile(Path.Combine(FaceApiPackage.Directory, "demo", "sample1.jpg"));
        var pipeline = fixture.Engine.Pipeline;
        var result = pipeline.Analyze([image], FaceSelection.All, CancellationToken.None).Single();

        Assert.All(result.Faces, f =>
        {
            var expected = FaceQuality.Sharpness(pipeline.AlignImage(image, f.Landmarks!));
            Assert.Equal(expected, f.Sharpness!.Value, 9);
            Assert.True(f.Sharpness > 0);
        });
    }

    [Fact]
    public void Analyze_EmbeddedFaces_KeepTheChipAFreshAlignmentGives()
    {
        var image = fixture.Engine.Decoder.DecodeFile(Path.Combine(FaceApiPackage.Directory, "demo", "sample1.jpg"));
        var pipeline = fixture.Engine.Pipeline;
        var result = pipeline.Analyze([image], FaceSelection.All, CancellationToken.None).Single();

        Assert.Contains(result.Faces, f => f.Chip is not null);
        Assert.All(result.Faces, f =>
        {
            Assert.Equal(f.Descriptor is not null, f.Chip is not null);
            if (f.Chip is { } chip)
            {
                var fresh = pipeline.AlignImage(image, f.Landmarks!);
                Assert.Equal((fresh.Width, fresh.Height), (chip.Width, chip.Height));
                Assert.Equal(fresh.Pixels, chip.Pixels);
            }
        });
    }
}

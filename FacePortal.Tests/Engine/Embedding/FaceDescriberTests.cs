using FacePortal.Engine.Embedding;
using FacePortal.Engine.Pipeline;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Engine.Embedding;

[Collection(EngineCollection.Name)]
public class FaceDescriberTests(EngineFixture fixture)
{
    private static string Sample(int n) => Path.Combine(FaceApiPackage.Directory, "demo", $"sample{n}.jpg");

    [Fact]
    public async Task Describe_StoredBoxesAndLandmarks_GivesTheAnalysisDescriptors()
    {
        var engine = fixture.Engine;
        var describer = FaceDescriber.For(engine, null);
        var images = new[] { await engine.Decoder.DecodeFileAsync(Sample(1), default), await engine.Decoder.DecodeFileAsync(Sample(2), default) };
        var analysed = describer.Analyze(images, FaceSelection.All, null, default);

        var known = new List<KnownFace>();
        var expected = new List<float[]?>();
        for (var i = 0; i < images.Length; i++)
        {
            // Faces found on a bordered copy were cut from that copy; every other face must come out the same.
            if (analysed[i].Route == DetectionRoute.Border)
            {
                continue;
            }
            foreach (var face in analysed[i].Faces)
            {
                known.Add(new KnownFace(images[i], face.Detection.Box, face.Landmarks?.Points));
                expected.Add(face.Descriptor);
            }
        }
        Assert.True(known.Count >= 3, $"only {known.Count} faces in the samples");

        var described = describer.Describe(known, default);

        Assert.Equal(known.Count, described.Length);
        for (var k = 0; k < known.Count; k++)
        {
            if (expected[k] is null)
            {
                Assert.Null(described[k]);
                continue;
            }
            Assert.NotNull(described[k]);
            var diff = expected[k]!.Zip(described[k]!, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(diff < 1e-4, $"face {k}: descriptors differ by {diff}");
        }
    }

    [Fact]
    public async Task Describe_FaceBelowTheMinimumSize_GetsNoDescriptor()
    {
        var engine = fixture.Engine;
        var describer = FaceDescriber.For(engine, null);
        var image = await engine.Decoder.DecodeFileAsync(Sample(1), default);
        var face = describer.Analyze([image], FaceSelection.Primary, null, default)[0].Primary!;
        var tiny = face.Detection.Box with { Width = 4, Height = 4 };

        var described = describer.Describe([new KnownFace(image, tiny, face.Landmarks!.Points), new KnownFace(image, face.Detection.Box, face.Landmarks.Points)], default);

        Assert.Null(described[0]);
        Assert.NotNull(described[1]);
    }

    [Fact]
    public void For_UnknownModel_ThrowsNamingTheLoadedOnes()
    {
        var e = Assert.Throws<UnknownModelException>(() => FaceDescriber.For(fixture.Engine, "no-such-model"));

        Assert.Contains("no-such-model", e.Message, StringComparison.Ordinal);
        Assert.Contains("face-api", e.Message, StringComparison.Ordinal);
        Assert.Same(fixture.Engine.Pipeline, FaceDescriber.For(fixture.Engine, "face-api").Pipeline);
    }
}

using FacePortal.Engine.Imaging;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Identification;
using FacePortal.Web.Features.Verification;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Tests.Web.Features.Verification;

[Collection(EngineCollection.Name)]
public sealed class VerificationServiceTests(EngineFixture fixture) : IDisposable
{
    private readonly PortalTestDatabase _database = new();

    private VerificationService Service => new(new FaceAnalyzer(_ => Task.FromResult(fixture.Engine)), _database, new GalleryImageLoader(_database, _database.Images));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task LoadGalleryImageAsync_StoredImage_VerifiesLikeAnUpload()
    {
        var bytes = File.ReadAllBytes(VerifyImages.Demo(2));
        var hash = await _database.Images.SaveAsync(bytes, CancellationToken.None);
        int id, gallery;
        await using (var db = _database.CreateDbContext())
        {
            gallery = await GallerySeed.GalleryAsync(db, "g");
            id = (await GallerySeed.ImageAsync(db, gallery, "ann", [0], "sig", contentHash: hash)).Id;
        }

        var picked = await Service.LoadGalleryImageAsync(id, CancellationToken.None);
        var loaded = picked.Input;
        Assert.Equal(bytes, loaded.Content);
        Assert.Equal("ann/ann.jpg", loaded.Name);
        Assert.Equal(gallery, picked.GalleryId);
        var result = await Service.VerifyAsync(loaded, VerifyImages.DemoInput(2), new VerifyOptions(), CancellationToken.None);
        Assert.True(result.Match);
        await Assert.ThrowsAsync<GalleryImageNotFoundException>(() => Service.LoadGalleryImageAsync(id + 100, CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_SameImageTwice_MatchesAtDistanceZeroWithTimingsAndModel()
    {
        var result = await Service.VerifyAsync(VerifyImages.DemoInput(2), VerifyImages.DemoInput(2), new VerifyOptions(), CancellationToken.None);

        Assert.True(result.Match);
        Assert.InRange(result.Distance, 0, 1e-4);
        Assert.Equal(1, result.Similarity, 4);
        Assert.Equal(EmbeddingModelOptions.FaceApi.Threshold, result.Threshold);
        Assert.Equal("face-api", result.Model);
        Assert.Equal("CPU", result.ExecutionProvider);
        var t = result.Milliseconds;
        Assert.True(t.Decode > 0 && t.Detect > 0 && t.Landmarks > 0 && t.Embed > 0, $"{t}");
        Assert.True(t.Total >= t.Decode + t.Detect + t.Landmarks + t.Embed - 1e-6, $"{t}");
        Assert.Null(result.A.Faces[result.FaceA].Crop);
    }

    [Fact]
    public async Task VerifyAsync_SeveralFaces_ReportsAllAndComparesThePickedOnes()
    {
        // sample1 holds three different people.
        var result = await Service.VerifyAsync(VerifyImages.DemoInput(1), VerifyImages.DemoInput(1), new VerifyOptions { IncludeCrops = true }, CancellationToken.None);

        Assert.Equal(3, result.A.Faces.Count);
        Assert.All(result.A.Faces, f =>
        {
            Assert.Equal(136, f.Landmarks.Length);
            Assert.StartsWith("data:image/png;base64,", f.Crop);
        });
        Assert.Equal(result.A.PrimaryIndex, result.FaceA);
        Assert.Single(result.A.Faces, f => f.IsPrimary);

        var other = (result.FaceA + 1) % 3;
        var picked = await Service.VerifyAsync(VerifyImages.DemoInput(1), VerifyImages.DemoInput(1), new VerifyOptions { FaceA = result.FaceA, FaceB = other }, CancellationToken.None);
        Assert.False(picked.Match);
        Assert.True(picked.Distance > 0.6);
        // Re-scoring the first result locally gives the engine's answer.
        var local = result.With(result.FaceA, other, result.Threshold);
        Assert.Equal(picked.Distance, local.Distance, 5);
        Assert.False(local.Match);
    }

    [Fact]
    public async Task VerifyAsync_FaceIndexThatDoesNotExist_ThrowsNoFace()
    {
        var ex = await Assert.ThrowsAsync<NoFaceException>(() => Service.VerifyAsync(VerifyImages.DemoInput(2), VerifyImages.DemoInput(2),
            new VerifyOptions { FaceB = 7 }, CancellationToken.None));
        Assert.Contains("no face 7", ex.Message);
    }

    [Fact]
    public async Task VerifyAsync_GradientImage_ThrowsNoFaceNamingTheImage()
    {
        var ex = await Assert.ThrowsAsync<NoFaceException>(() => Service.VerifyAsync(VerifyImages.DemoInput(2), new ImageInput("gradient.png", VerifyImages.GradientPng()),
            new VerifyOptions(), CancellationToken.None));
        Assert.Equal("gradient.png", ex.ImageName);
    }

    [Fact]
    public async Task VerifyAsync_TiffAndCorrupt_ThrowTypedDecodeErrors()
    {
        var tiff = await Assert.ThrowsAsync<ImageDecodeException>(() => Service.VerifyAsync(new ImageInput("scan.tif", VerifyImages.Tiff()), VerifyImages.DemoInput(2),
            new VerifyOptions(), CancellationToken.None));
        Assert.Equal(ImageDecodeFailure.UnsupportedFormat, tiff.Reason);
        var corrupt = await Assert.ThrowsAsync<ImageDecodeException>(() => Service.VerifyAsync(VerifyImages.DemoInput(2), new ImageInput("bad.png", VerifyImages.CorruptPng()),
            new VerifyOptions(), CancellationToken.None));
        Assert.Equal(ImageDecodeFailure.Corrupt, corrupt.Reason);
        Assert.Equal("bad.png", corrupt.FileName);
    }

    [LfwImagesFact]
    public async Task VerifyAsync_LfwSamePerson_Matches()
    {
        var result = await Service.VerifyAsync(VerifyImages.LfwInput("Colin_Powell", 1), VerifyImages.LfwInput("Colin_Powell", 2), new VerifyOptions(), CancellationToken.None);
        Assert.True(result.Match, $"distance {result.Distance}");
    }

    [LfwImagesFact]
    public async Task VerifyAsync_LfwTwoPeople_DoNotMatchButDoAtAThresholdAboveTheirDistance()
    {
        var result = await Service.VerifyAsync(VerifyImages.LfwInput("Colin_Powell", 1), VerifyImages.LfwInput("Tony_Blair", 1), new VerifyOptions(), CancellationToken.None);
        Assert.False(result.Match, $"distance {result.Distance}");

        var loose = await Service.VerifyAsync(VerifyImages.LfwInput("Colin_Powell", 1), VerifyImages.LfwInput("Tony_Blair", 1),
            new VerifyOptions { Threshold = result.Distance + 0.01 }, CancellationToken.None);
        Assert.True(loose.Match);
        Assert.Equal(result.Distance + 0.01, loose.Threshold);
    }

    [Fact]
    public async Task VerifyAsync_OperatingPointSavedForTheModel_IsTheDefaultThreshold()
    {
        // A very strict operating point saved from an evaluation: the same face in two different photos
        // (sample2 twice is distance 0) still matches, but the default now is the saved distance.
        await using (var db = _database.CreateDbContext())
        {
            db.OperatingPoints.Add(new OperatingPoint
            {
                Name = "strict", Model = "face-api", Metric = "Euclidean", Threshold = -0.05, Distance = 0.05, CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var same = await Service.VerifyAsync(VerifyImages.DemoInput(2), VerifyImages.DemoInput(2), new VerifyOptions(), CancellationToken.None);
        var other = await Service.VerifyAsync(VerifyImages.DemoInput(1), VerifyImages.DemoInput(2), new VerifyOptions(), CancellationToken.None);

        Assert.Equal(0.05, same.Threshold);
        Assert.Equal(0.05, same.ModelThreshold);
        Assert.True(same.Match);
        Assert.False(other.Match);
        // An explicit threshold still wins.
        var loose = await Service.VerifyAsync(VerifyImages.DemoInput(1), VerifyImages.DemoInput(2), new VerifyOptions { Threshold = 5 }, CancellationToken.None);
        Assert.True(loose.Match);
    }
}

using Bunit;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Evaluations;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.Verification;
using FacePortal.Web.Platform.Analysis;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Verification;

/// <summary>The Verify page over the real service and engine: upload two images, compare, pick faces.</summary>
[Collection(EngineCollection.Name)]
public sealed class VerifyPageTests(EngineFixture fixture) : IDisposable
{
    private readonly PortalTestDatabase _database = new();

    private BunitContext Context()
    {
        return PortalTestContext.Create(services: s => s
            .AddSingleton(new VerificationService(new FaceAnalyzer(_ => Task.FromResult(fixture.Engine)), _database, new GalleryImageLoader(_database, _database.Images)))
            .AddSingleton(new OperatingPointService(_database, TimeProvider.System))
            .AddSingleton(EvaluationTestRuns.Calibration(_database))
            .AddSingleton(FacePortal.Tests.Web.Features.Evaluations.Quality.QualityTestData.Service(_database))
            .AddSingleton(_database.Galleries)
            .AddSingleton(_database.Reader));
    }

    /// <summary>A gallery "people" whose identity "Colin_Powell" holds one stored photo (LFW-style name); returns the image id.</summary>
    private async Task<int> StoredImageAsync()
    {
        var gallery = await _database.AddGalleryAsync("people");
        var identity = await _database.AddIdentityAsync(gallery, "Colin_Powell");
        var face = PortalTestDatabase.Face(null);
        face.Landmarks = new float[136];
        var image = await _database.AddImageAsync(identity, File.ReadAllBytes(VerifyImages.Demo(2)), "Colin_Powell/Colin_Powell_0001.jpg", face);
        return image.Id;
    }

    private static void Upload(IRenderedComponent<Verify> page, int side, string name, byte[] content) =>
        page.FindComponents<InputFile>()[side].UploadFiles(InputFileContent.CreateFromBinary(content, name));

    [Fact]
    public async Task Compare_GroupPhotoAndPortrait_ShowsBoxesLandmarksCropsAndAVerdictThatFollowsThePickedFace()
    {
        await using var ctx = Context();
        var page = ctx.Render<Verify>();
        Assert.True(page.Find("[data-testid=compare]").HasAttribute("disabled"));

        Upload(page, 0, "group.jpg", File.ReadAllBytes(VerifyImages.Demo(1)));
        Upload(page, 1, "group-again.jpg", File.ReadAllBytes(VerifyImages.Demo(1)));
        page.WaitForAssertion(() => Assert.Equal("group-again.jpg", page.Find("[data-testid=b-name]").TextContent), TimeSpan.FromSeconds(10));
        page.Find("[data-testid=compare]").Click();
        page.WaitForElement("[data-testid=verdict]", TimeSpan.FromSeconds(60));

        // The same photo on both sides: the primary faces match.
        Assert.Equal("Same person", page.Find("[data-testid=verdict]").TextContent.Trim());
        Assert.Equal(3, page.FindAll("[data-testid=overlay-a] [data-testid=face-box]").Count);
        Assert.Equal(3 * 68, page.FindAll("[data-testid=overlay-a] [data-testid=landmark]").Count);
        Assert.Equal(2, page.FindAll("[data-testid=crop]").Count);
        Assert.Contains("CPU", page.Find("[data-testid=provider]").TextContent);
        Assert.Contains("detect", page.Find("[data-testid=timings]").TextContent);

        // Another face on side B: a different person.
        var primary = page.FindAll("[data-testid=overlay-b] [data-testid=face-box]").Single(b => b.GetAttribute("stroke") == "#00e676").GetAttribute("data-face");
        page.FindAll("[data-testid=overlay-b] [data-testid=face-box]").First(b => b.GetAttribute("data-face") != primary).Click();
        page.WaitForAssertion(() => Assert.Equal("Different people", page.Find("[data-testid=verdict]").TextContent.Trim()), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Compare_ImageWithoutFace_ShowsTheReason()
    {
        await using var ctx = Context();
        var page = ctx.Render<Verify>();
        Upload(page, 0, "portrait.jpg", File.ReadAllBytes(VerifyImages.Demo(2)));
        Upload(page, 1, "gradient.png", VerifyImages.GradientPng());
        page.Find("[data-testid=compare]").Click();

        page.WaitForAssertion(() => Assert.Contains("No face found in 'gradient.png'", page.Find("[data-testid=verify-error]").TextContent), TimeSpan.FromSeconds(60));
        Assert.Empty(page.FindAll("[data-testid=verdict]"));
    }

    [LfwImagesFact]
    public async Task Compare_LfwSamePersonThenTwoPeople_MatchThenNoMatch()
    {
        await using var ctx = Context();
        var page = ctx.Render<Verify>();
        Upload(page, 0, "a.jpg", File.ReadAllBytes(VerifyImages.Lfw("Colin_Powell", 1)));
        Upload(page, 1, "b.jpg", File.ReadAllBytes(VerifyImages.Lfw("Colin_Powell", 2)));
        page.Find("[data-testid=compare]").Click();
        page.WaitForAssertion(() => Assert.Equal("Same person", page.Find("[data-testid=verdict]").TextContent.Trim()), TimeSpan.FromSeconds(60));

        Upload(page, 1, "c.jpg", File.ReadAllBytes(VerifyImages.Lfw("Tony_Blair", 1)));
        page.Find("[data-testid=compare]").Click();
        page.WaitForAssertion(() => Assert.Equal("Different people", page.Find("[data-testid=verdict]").TextContent.Trim()), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task VerifyWithThisImage_QueryA_LoadsTheGalleryImageUnderItsNameOnce()
    {
        var imageId = await StoredImageAsync();
        await using var ctx = Context();
        ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"verify?a={imageId}");

        var page = ctx.Render<Verify>();

        page.WaitForAssertion(() => Assert.Equal("Colin_Powell/Colin_Powell_0001.jpg", page.Find("[data-testid=a-name]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=b-name]"));
    }

    [Fact]
    public async Task GalleryPicker_IdentityThenFace_FillsThatSide()
    {
        var imageId = await StoredImageAsync();
        await using var ctx = Context();
        var page = ctx.Render<Verify>();

        page.Find("[data-testid=b-from-gallery]").Click();
        var picker = page.FindComponent<FacePortal.Web.Features.Galleries.GalleryImagePicker>();
        // The only gallery is chosen already; the identity comes from the name search.
        var colin = (await _database.Reader.ListIdentitiesAsync((await _database.Galleries.ListGalleriesAsync(default))[0].Id, "Colin", default)).Single();
        Assert.NotNull(colin.ThumbnailUrl);
        var identityPicker = picker.FindComponent<FacePortal.Web.Features.Galleries.IdentityPicker>();
        await page.InvokeAsync(() => identityPicker.Instance.ValueChanged.InvokeAsync(colin));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=b-picker-face]")), TimeSpan.FromSeconds(10));
        Assert.Equal(imageId.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("[data-testid=b-picker-face]").GetAttribute("data-image-id"));

        page.Find("[data-testid=b-picker-face]").Click();

        page.WaitForAssertion(() => Assert.Equal("Colin_Powell/Colin_Powell_0001.jpg", page.Find("[data-testid=b-name]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=b-picker-face]"));
    }

    [Fact]
    public async Task Upload_CorruptFile_IsReportedBesideItsPickerBeforeCompare()
    {
        await using var ctx = Context();
        var page = ctx.Render<Verify>();
        var jpeg = File.ReadAllBytes(VerifyImages.Demo(2));

        Upload(page, 0, "broken.jpg", [.. "not an image at all"u8]);
        Upload(page, 1, "fine.jpg", jpeg);

        page.WaitForAssertion(() => Assert.Contains("broken.jpg", page.Find("[data-testid=a-upload-error]").TextContent), TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() => Assert.Equal("fine.jpg", page.Find("[data-testid=b-name]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=a-name]"));
        Assert.True(page.Find("[data-testid=compare]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ResultView_GivenResult_ShowsVerdictNumbersAndTimings()
    {
        await using var ctx = Context();
        AnalyzedFace Face(int i) => new(i, 0, 0, 10, 10, 0.9, [], [1, 0], i == 0);
        var image = new AnalyzedImage("x.jpg", 100, 100, [Face(0)], 0, "Direct");
        var result = new VerificationResult(image, image, 0, 0, 0.7123, 0.5840, 0.6, false, "face-api", DistanceMetric.Euclidean, 0.6, "CUDA",
            new StageTimings(1, 2, 3, 0.5, 4, 11));

        var view = ctx.Render<VerificationResultView>(p => p.Add(c => c.Result, result));

        Assert.Equal("Different people", view.Find("[data-testid=verdict]").TextContent.Trim());
        Assert.Equal("0.7123", view.Find("[data-testid=distance]").TextContent);
        Assert.Equal("CUDA", view.Find("[data-testid=provider]").TextContent);
        Assert.Contains("total 11.0", view.Find("[data-testid=timings]").TextContent);
    }

    public void Dispose() => _database.Dispose();
}

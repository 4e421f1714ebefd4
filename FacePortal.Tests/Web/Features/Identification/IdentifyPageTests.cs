using Bunit;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Search;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Evaluations;
using FacePortal.Tests.Web.Features.Verification;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.Identification;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Search;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Web.Features.Identification;

/// <summary>The Identify page over the real service, engine and a seeded SQLite gallery.</summary>
[Collection(EngineCollection.Name)]
public sealed class IdentifyPageTests(EngineFixture fixture) : IDisposable
{
    private readonly PortalTestDatabase _database = new();

    private BunitContext Context(Func<IFaceSearch, IFaceSearch>? search = null, string? role = null)
    {
        var cache = new GalleryIndexCache(_database, Microsoft.Extensions.Options.Options.Create(new IdentificationOptions()), NullLogger<GalleryIndexCache>.Instance);
        IFaceSearch embedded = new EmbeddedFaceSearch(cache);
        return PortalTestContext.Create(role, services: s => s
            .AddSingleton(new IdentificationService(new FaceAnalyzer(_ => Task.FromResult(fixture.Engine)), search?.Invoke(embedded) ?? embedded, _database, new GalleryImageLoader(_database, _database.Images)))
            .AddSingleton(new OperatingPointService(_database, TimeProvider.System))
            .AddSingleton(EvaluationTestRuns.Calibration(_database)));
    }

    [Fact]
    public async Task Identify_GroupPhotoAgainstItsPeople_LabelsEveryFaceAndListsCandidatesWithThumbnails()
    {
        var group = fixture.Engine.Pipeline.Analyze([fixture.Engine.Decoder.DecodeFile(VerifyImages.Demo(1))], FaceSelection.All, CancellationToken.None)[0];
        await using (var db = _database.CreateDbContext())
        {
            var gallery = await GallerySeed.GalleryAsync(db, "group");
            for (var f = 0; f < group.Faces.Count; f++)
            {
                await GallerySeed.ImageAsync(db, gallery, $"person {f}", group.Faces[f].Descriptor!, fixture.Engine.Pipeline.Signature, contentHash: new string((char)('a' + f), 64));
            }
        }
        await using var ctx = Context();
        var page = ctx.Render<Identify>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(File.ReadAllBytes(VerifyImages.Demo(1)), "group.jpg"));
        page.Find("[data-testid=identify]").Click();
        page.WaitForElement("[data-testid=answer]", TimeSpan.FromSeconds(60));

        var labels = page.FindAll("[data-testid=face-label]").Select(l => l.TextContent).Order().ToList();
        Assert.Equal(["person 0", "person 1", "person 2"], labels);
        Assert.Equal($"person {group.PrimaryIndex}", page.Find("[data-testid=answer]").TextContent.Trim());
        var rows = page.FindAll("[data-testid=candidate]");
        Assert.Equal(3, rows.Count);
        Assert.Equal($"/images/{new string((char)('a' + group.PrimaryIndex), 64)}", rows[0].QuerySelector("img")!.GetAttribute("src"));
        Assert.Contains("exact search", page.Find("[data-testid=search-info]").TextContent);
    }

    [Fact]
    public async Task Identify_ClusterAnsweredPartially_ShowsTheShareOfTheGallerySearched()
    {
        var portrait = fixture.Engine.Pipeline.Analyze([fixture.Engine.Decoder.DecodeFile(VerifyImages.Demo(2))], FaceSelection.All, CancellationToken.None)[0];
        await using (var db = _database.CreateDbContext())
        {
            var gallery = await GallerySeed.GalleryAsync(db, "partial");
            await GallerySeed.ImageAsync(db, gallery, "someone", portrait.Faces[portrait.PrimaryIndex].Descriptor!, fixture.Engine.Pipeline.Signature);
        }
        await using var ctx = Context(inner => new PartialSearch(inner, searched: 0.6));
        var page = ctx.Render<Identify>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(File.ReadAllBytes(VerifyImages.Demo(2)), "probe.jpg"));
        page.Find("[data-testid=identify]").Click();
        page.WaitForElement("[data-testid=answer]", TimeSpan.FromSeconds(60));

        Assert.Contains("partial: searched 60% of the gallery", page.Find("[data-testid=search-partial]").TextContent);
    }

    [Fact]
    public async Task Identify_FullAnswer_ShowsNoPartialNotice()
    {
        var portrait = fixture.Engine.Pipeline.Analyze([fixture.Engine.Decoder.DecodeFile(VerifyImages.Demo(2))], FaceSelection.All, CancellationToken.None)[0];
        await using (var db = _database.CreateDbContext())
        {
            var gallery = await GallerySeed.GalleryAsync(db, "full");
            await GallerySeed.ImageAsync(db, gallery, "someone", portrait.Faces[portrait.PrimaryIndex].Descriptor!, fixture.Engine.Pipeline.Signature);
        }
        await using var ctx = Context();
        var page = ctx.Render<Identify>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(File.ReadAllBytes(VerifyImages.Demo(2)), "probe.jpg"));
        page.Find("[data-testid=identify]").Click();
        page.WaitForElement("[data-testid=answer]", TimeSpan.FromSeconds(60));

        Assert.Empty(page.FindAll("[data-testid=search-partial]"));
    }

    // A cluster whose slowest shards missed the deadline: the embedded answer, flagged partial.
    private sealed class PartialSearch(IFaceSearch inner, double searched) : IFaceSearch
    {
        public async Task<FaceSearchAnswer> IdentifyAsync(GallerySearch gallery, float[] probe, int k, IdentityScoring scoring, CancellationToken cancellationToken) =>
            (await inner.IdentifyAsync(gallery, probe, k, scoring, cancellationToken)) with { Partial = true, SearchedFraction = searched };

        public Task<GalleryIndexInfo> InfoAsync(GallerySearch gallery, CancellationToken cancellationToken) => inner.InfoAsync(gallery, cancellationToken);

        public Task<GalleryIndex> SnapshotAsync(GallerySearch gallery, CancellationToken cancellationToken) => inner.SnapshotAsync(gallery, cancellationToken);
    }

    [Fact]
    public async Task IdentifyThisFace_FromAFaceCardLink_LoadsTheGalleryImageSearchesAndPicksThatFace()
    {
        var bytes = File.ReadAllBytes(VerifyImages.Demo(1));
        var group = fixture.Engine.Pipeline.Analyze([fixture.Engine.Decoder.Decode(bytes, "group.jpg")], FaceSelection.All, CancellationToken.None)[0];
        var other = Enumerable.Range(0, group.Faces.Count).First(f => f != group.PrimaryIndex);
        int probeId;
        var hash = await _database.Images.SaveAsync(bytes, CancellationToken.None);
        await using (var db = _database.CreateDbContext())
        {
            var gallery = await GallerySeed.GalleryAsync(db, "group");
            for (var f = 0; f < group.Faces.Count; f++)
            {
                await GallerySeed.ImageAsync(db, gallery, $"person {f}", group.Faces[f].Descriptor!, fixture.Engine.Pipeline.Signature, contentHash: new string((char)('a' + f), 64));
            }
            probeId = (await GallerySeed.ImageAsync(db, gallery, "group photo", group.Faces[group.PrimaryIndex].Descriptor!, fixture.Engine.Pipeline.Signature, contentHash: hash)).Id;
        }
        await using var ctx = Context();
        var nav = ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        nav.NavigateTo($"identify?image={probeId}&face={other}");

        var page = ctx.Render<Identify>();

        page.WaitForElement("[data-testid=answer]", TimeSpan.FromSeconds(60));
        Assert.Equal("group photo/group photo.jpg", page.Find("[data-testid=probe-name]").TextContent);
        Assert.Equal($"person {other}", page.Find("[data-testid=answer]").TextContent.Trim());
        // The slider and its text agree to the third decimal: the model's threshold as it is.
        Assert.Matches(@"Threshold \d\.\d{3}\b", page.Markup);
        Assert.DoesNotMatch(@"Threshold \d\.\d{2}\b", page.Markup);
    }

    [Fact]
    public async Task Evaluate_GalleryWithRepeatedIdentities_ShowsRank1AndTheCmcCurve()
    {
        var (data, labels) = RandomDescriptors.Clustered(identities: 15, perIdentity: 3, dimensions: 128, seed: 5);
        await using (var db = _database.CreateDbContext())
        {
            var gallery = await GallerySeed.GalleryAsync(db, "synthetic");
            for (var r = 0; r < data.Length; r++)
            {
                await GallerySeed.ImageAsync(db, gallery, $"p{labels[r]}", data[r], fixture.Engine.Pipeline.Signature);
            }
        }
        await using var ctx = Context();
        var page = ctx.Render<Identify>();

        page.Find("[data-testid=evaluate]").Click();
        page.WaitForElement("[data-testid=evaluation]", TimeSpan.FromSeconds(30));

        Assert.Equal("100.00%", page.Find("[data-testid=rank1]").TextContent);
        Assert.NotNull(page.Find("[data-testid=cmc-chart] polyline"));
        // A chart, not a sparkline: axis titles, the rank ticks and one dot (with its read-out) per rank.
        Assert.Equal("rank", page.Find("[data-testid=cmc-xtitle]").TextContent);
        Assert.Equal("identification rate", page.Find("[data-testid=cmc-ytitle]").TextContent);
        Assert.Contains("1", page.FindAll("[data-testid=cmc-xtick]").Select(t => t.TextContent));
        Assert.Contains("1", page.FindAll("[data-testid=cmc-ytick]").Select(t => t.TextContent));
        Assert.Contains("rank 1: 100.0%", page.Find("[data-testid=cmc-chart] circle title").TextContent);
    }

    [Fact]
    public async Task Evaluate_WithStrangersAndATargetFpir_ShowsOpenSetByGallerySizeAndThePredictedFpir()
    {
        var (data, labels) = RandomDescriptors.Clustered(identities: 20, perIdentity: 3, dimensions: 128, seed: 5);
        var (strangers, _) = RandomDescriptors.Clustered(identities: 30, perIdentity: 1, dimensions: 128, seed: 6);
        await using (var db = _database.CreateDbContext())
        {
            var gallery = await GallerySeed.GalleryAsync(db, "open set");
            for (var r = 0; r < data.Length; r++)
            {
                await GallerySeed.ImageAsync(db, gallery, $"p{labels[r]}", data[r], fixture.Engine.Pipeline.Signature);
            }
            for (var s = 0; s < strangers.Length; s++)
            {
                await GallerySeed.ImageAsync(db, gallery, $"stranger {s}", strangers[s], fixture.Engine.Pipeline.Signature);
            }
        }
        await using var ctx = Context();
        var page = ctx.Render<Identify>();

        page.Find("[data-testid=target-fpir]").Input("0.1");
        page.Find("[data-testid=evaluate]").Click();
        page.WaitForElement("[data-testid=openset-by-size]", TimeSpan.FromSeconds(30));

        var table = page.Find("[data-testid=openset-by-size]");
        Assert.Contains("FNIR at FPIR 0.003", table.TextContent, StringComparison.Ordinal);
        Assert.Contains("FNIR at FPIR 0.1", table.TextContent, StringComparison.Ordinal);
        var rows = page.FindAll("[data-testid=openset-size]");
        Assert.Equal(["10% (2 identities)", "25% (5 identities)", "50% (10 identities)", "100% (20 identities)"],
            rows.Select(r => r.QuerySelector("td")!.TextContent.Trim()));
        Assert.All(rows, r => Assert.Equal(2, r.QuerySelectorAll("[data-testid=openset-fnir]").Length));
        Assert.Equal(4, page.FindAll("[data-testid=openset-investigation]").Count);
        // One FNIR-against-FPIR curve per gallery size, FNIR falling as FPIR rises.
        var curves = page.FindComponents<CurveChart>().Single(c => c.Instance.TestId == "openset-curves").Instance.Series;
        Assert.Equal(4, curves.Count);
        Assert.All(curves, c => Assert.True(c.Y[^1] <= c.Y[0] && c.X[^1] >= c.X[0] && c.X.All(x => x > 0)));
        // Predicted from the 20 identities measured up to ten million.
        var predicted = page.Find("[data-testid=openset-predicted]").TextContent;
        Assert.Contains("20", predicted, StringComparison.Ordinal);
        Assert.Contains("10,000,000", predicted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_HoldingOutAQuarterAsStrangers_CountsThemAndIsSavedToReopen()
    {
        var (data, labels) = RandomDescriptors.Clustered(identities: 20, perIdentity: 3, dimensions: 128, seed: 5);
        await using (var db = _database.CreateDbContext())
        {
            var gallery = await GallerySeed.GalleryAsync(db, "repeated only");
            for (var r = 0; r < data.Length; r++)
            {
                await GallerySeed.ImageAsync(db, gallery, $"p{labels[r]}", data[r], fixture.Engine.Pipeline.Signature);
            }
        }
        await using var ctx = Context(role: FacePortal.Web.Platform.Auth.Roles.Operator);
        var page = ctx.Render<Identify>();
        Assert.Empty(page.FindAll("[data-testid=saved-run]"));

        page.FindComponents<MudBlazor.MudNumericField<int>>().Single(f => f.Instance.Label!.StartsWith("Hold out", StringComparison.Ordinal))
            .Find("input").Change("25");
        page.Find("[data-testid=evaluate]").Click();
        page.WaitForElement("[data-testid=evaluation]", TimeSpan.FromSeconds(30));

        Assert.Contains("15 probes", page.Find("[data-testid=evaluation]").TextContent, StringComparison.Ordinal);
        Assert.Contains("5 strangers", page.Find("[data-testid=evaluation]").TextContent, StringComparison.Ordinal);
        var saved = Assert.Single(page.FindAll("[data-testid=saved-run]"));
        Assert.Contains("25% held out", saved.TextContent, StringComparison.Ordinal);

        // A later visit lists it and opens it without running anything.
        await using var later = Context();
        var again = later.Render<Identify>();
        again.WaitForAssertion(() => Assert.Single(again.FindAll("[data-testid=saved-run]")), TimeSpan.FromSeconds(10));
        Assert.Empty(again.FindAll("[data-testid=evaluation]"));
        again.Find("[data-testid=open-saved-run]").Click();
        Assert.Contains("5 strangers", again.Find("[data-testid=evaluation]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_TargetFpirNotANumber_SaysSoAndRunsNothing()
    {
        var (data, labels) = RandomDescriptors.Clustered(identities: 5, perIdentity: 2, dimensions: 128, seed: 5);
        await using (var db = _database.CreateDbContext())
        {
            var gallery = await GallerySeed.GalleryAsync(db, "bad target");
            for (var r = 0; r < data.Length; r++)
            {
                await GallerySeed.ImageAsync(db, gallery, $"p{labels[r]}", data[r], fixture.Engine.Pipeline.Signature);
            }
        }
        await using var ctx = Context();
        var page = ctx.Render<Identify>();

        page.Find("[data-testid=target-fpir]").Input("2");
        page.Find("[data-testid=evaluate]").Click();

        page.WaitForAssertion(() => Assert.Contains("target FPIR must be a number in [0, 1]", page.Find("[data-testid=identify-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=evaluation]"));
    }

    [Fact]
    public async Task Render_NoGallery_SaysToImportOne()
    {
        await using var ctx = Context();
        var page = ctx.Render<Identify>();
        page.WaitForElement("[data-testid=no-galleries]", TimeSpan.FromSeconds(10));
        Assert.True(page.Find("[data-testid=identify]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task CandidateList_BestAboveTheThreshold_SaysUnknown()
    {
        await using var ctx = Context();
        var face = new FaceIdentification(new AnalyzedFace(0, 0, 0, 10, 10, 0.9, [], [0], true), false,
            [new IdentityCandidate(1, "ann", 0.55, 0.64, 1, new string('a', 64))]);

        var known = ctx.Render<CandidateList>(p => p.Add(c => c.Face, IdentificationResult.AssignAt([face], 0.6)[0]).Add(c => c.Threshold, 0.6));
        var unknown = ctx.Render<CandidateList>(p => p.Add(c => c.Face, IdentificationResult.AssignAt([face], 0.5)[0]).Add(c => c.Threshold, 0.5));

        Assert.Equal("ann", known.Find("[data-testid=answer]").TextContent.Trim());
        Assert.Equal("unknown", unknown.Find("[data-testid=answer]").TextContent.Trim());
    }

    [Fact]
    public async Task CandidateList_TwoFacesOfOnePhotoNearestToOneIdentity_TheFartherTakesItsNextCandidate()
    {
        await using var ctx = Context();
        var hash = new string('a', 64);
        var near = new FaceIdentification(new AnalyzedFace(0, 0, 0, 10, 10, 0.9, [], [0], true), false,
            [new IdentityCandidate(1, "ann", 0.30, 0.9, 1, hash), new IdentityCandidate(2, "bob", 0.50, 0.7, 2, hash)]);
        var far = new FaceIdentification(new AnalyzedFace(1, 20, 0, 10, 10, 0.9, [], [0], false), false,
            [new IdentityCandidate(1, "ann", 0.40, 0.8, 1, hash), new IdentityCandidate(3, "cy", 0.45, 0.75, 3, hash)]);

        var faces = IdentificationResult.AssignAt([near, far], 0.6);
        var second = ctx.Render<CandidateList>(p => p.Add(c => c.Face, faces[1]).Add(c => c.Threshold, 0.6));
        // At 0.42 "cy" is out of reach and "ann" is taken: the farther face is unknown rather than a second "ann".
        var strict = IdentificationResult.AssignAt([near, far], 0.42);

        Assert.Equal(["ann", "cy"], faces.Select(f => f.Label));
        Assert.Equal("cy", second.Find("[data-testid=answer]").TextContent.Trim());
        Assert.Contains("Candidate 1 is a nearer match", second.Find("[data-testid=answer-reassigned]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["ann", "unknown"], strict.Select(f => f.Label));
    }

    public void Dispose() => _database.Dispose();
}

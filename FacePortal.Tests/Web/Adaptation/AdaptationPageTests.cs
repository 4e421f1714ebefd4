using System.Text.Json;
using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Adaptation;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Adaptation;

/// <summary>The /adaptation page over a real database and engine: the split with its counts, Train queues the job.</summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Torch")]
public class AdaptationPageTests(EngineFixture fixture)
{
    private static BunitContext Context(PortalTestDatabase db, EngineFixture fixture, string role) => PortalTestContext.Create(role, s =>
    {
        var jobs = db.Services.GetRequiredService<JobService>();
        var evaluations = new EvaluationService(db, jobs, new EvaluationScoreCache(db), Microsoft.Extensions.Options.Options.Create(fixture.Options), TimeProvider.System);
        var files = new AdaptationFiles(Microsoft.Extensions.Options.Options.Create(new PortalOptions { DataDirectory = db.Folder }));
        s.AddSingleton(new AdaptationService(db, fixture.Host, jobs, files, evaluations))
            .AddSingleton(jobs)
            .AddSingleton(db.Services.GetRequiredService<JobNotifier>());
    });

    private async Task<(PortalTestDatabase Db, int Gallery)> SeedAsync()
    {
        var db = await PortalTestDatabase.CreateAsync(fixture.Host, s => s.AddSingleton<JobNotifier>().AddSingleton<JobService>());
        var (x, _) = RandomDescriptors.Clustered(10, 4, 128, 9);
        var gallery = await db.SeedGalleryAsync("adapt", [4, 4, 4, 4, 4, 4, 4, 4, 4, 4], (p, i) => x[p * 4 + i], fixture.Engine.Pipeline.Signature);
        return (db, gallery);
    }

    [Fact]
    public async Task Render_GalleryWithDescriptors_ShowsTheSplitAndTrainQueuesTheJob()
    {
        var (db, gallery) = await SeedAsync();
        await using var _ = db;
        await using var ctx = Context(db, fixture, Roles.Operator);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"adaptation?gallery={gallery}");

        var cut = ctx.Render<AdaptationPage>();

        cut.WaitForAssertion(() => Assert.Contains("Train: 5 identities, 20 images · Held out: 5 identities, 20 images", cut.Find("[data-testid=adapt-split]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        cut.Find("button[data-testid=adapt-start]").Click();

        cut.WaitForAssertion(() =>
        {
            using var c = db.CreateDbContext();
            var job = Assert.Single(c.Jobs.ToList());
            Assert.Equal(AdaptationJobHandler.JobKind, job.Kind);
            var parameters = JsonDocument.Parse(job.Parameters).RootElement;
            Assert.Equal(gallery, parameters.GetProperty("galleryId").GetInt32());
            Assert.Equal("face-api", parameters.GetProperty("baseModel").GetString());
        }, TimeSpan.FromSeconds(30));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=adapt-status]")), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Train_LastBlockTicked_QueuesTheJobWithTheBlockOption()
    {
        var (db, gallery) = await SeedAsync();
        await using var _ = db;
        await using var ctx = Context(db, fixture, Roles.Operator);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"adaptation?gallery={gallery}");

        var cut = ctx.Render<AdaptationPage>();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=adapt-split]")), TimeSpan.FromSeconds(30));
        cut.Find("input[data-testid=adapt-last-block], [data-testid=adapt-last-block] input").Change(true);
        cut.Find("button[data-testid=adapt-start]").Click();

        cut.WaitForAssertion(() =>
        {
            using var c = db.CreateDbContext();
            var parameters = JsonDocument.Parse(Assert.Single(c.Jobs.ToList()).Parameters).RootElement;
            Assert.True(parameters.GetProperty("tuneLastBlock").GetBoolean());
            Assert.Equal(1e-4, parameters.GetProperty("blockLearningRate").GetDouble(), 10);
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Render_GalleryWithoutDescriptors_SaysToEmbedItFirst()
    {
        await using var db = await PortalTestDatabase.CreateAsync(fixture.Host, s => s.AddSingleton<JobNotifier>().AddSingleton<JobService>());
        var gallery = await db.SeedGalleryAsync("bare", [3, 3]);
        await using var ctx = Context(db, fixture, Roles.Operator);
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"adaptation?gallery={gallery}");

        var cut = ctx.Render<AdaptationPage>();

        cut.WaitForAssertion(() => Assert.Contains("embed the gallery", cut.Find("[data-testid=adapt-split-error]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.True(cut.Find("button[data-testid=adapt-start]").HasAttribute("disabled"));
    }
}

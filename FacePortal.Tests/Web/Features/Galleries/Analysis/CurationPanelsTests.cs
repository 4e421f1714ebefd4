using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FacePortal.Tests.Web.Features.Galleries.Analysis.AnalysisGalleries;

namespace FacePortal.Tests.Web.Features.Galleries.Analysis;

/// <summary>The Defects, Duplicates and Mislabels panels over a real database and a stored analysis.</summary>
public class CurationPanelsTests
{
    private static BunitContext Context(PortalTestDatabase data, string role) => PortalTestContext.Create(role, services =>
    {
        data.AddPageServices(services);
        services.AddSingleton(data.Services.GetRequiredService<JobNotifier>());
        services.AddSingleton(data.Services.GetRequiredService<JobService>());
        services.AddSingleton(data.Analysis());
        services.AddSingleton(data.Stored());
        services.AddSingleton(data.Fixes());
        services.AddSingleton(data.Curation);
    });

    private static async Task<(int Gallery, int Mixed)> MixedGalleryAsync(PortalTestDatabase data)
    {
        var gallery = await data.AddGalleryAsync("mixed");
        await PeopleAsync(data, gallery, 4, 4);
        var mixed = await data.AddIdentityAsync(gallery, "Mixed");
        for (var i = 0; i < 3; i++)
        {
            await data.AddImageAsync(mixed, null, $"m1_{i}.jpg", PortalTestDatabase.Face(Vec(5, i)));
            await data.AddImageAsync(mixed, null, $"m2_{i}.jpg", PortalTestDatabase.Face(Vec(6, i)));
        }
        return (gallery, mixed);
    }

    [Fact]
    public async Task DefectsPanel_StoredAnalysis_ShowsEvidenceAndTheSplitRemovesTheRow()
    {
        await using var data = await CreateAsync();
        var (gallery, mixed) = await MixedGalleryAsync(data);
        await data.ComputeAsync(gallery);
        await using var ctx = Context(data, Roles.Operator);

        var cut = ctx.Render<DefectsPanel>(p => p.Add(x => x.GalleryId, gallery));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=mixed-row]")));
        Assert.Contains("Computed at", cut.Find("[data-testid=analysis-computed]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=analysis-stale]"));
        Assert.Equal(6, cut.FindAll("[data-testid=mixed-row] img").Count);
        cut.Find("[data-testid=fix-mixed]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=mixed-row]")));
        Assert.NotEmpty(cut.FindAll("[data-testid=analysis-stale]"));
        await using var db = data.CreateDbContext();
        Assert.Equal(3, await db.Images.CountAsync(i => i.IdentityId == mixed));
    }

    [Fact]
    public async Task DefectsPanel_NotAnalysed_OffersAnalyseWhichQueuesTheJob_ViewerSeesNoButtons()
    {
        await using var data = await CreateAsync();
        var (gallery, _) = await MixedGalleryAsync(data);
        await using (var viewer = Context(data, Roles.Viewer))
        {
            var seen = viewer.Render<DefectsPanel>(p => p.Add(x => x.GalleryId, gallery));
            seen.WaitForAssertion(() => seen.Find("[data-testid=analysis-none]"));
            Assert.Empty(seen.FindAll("[data-testid=analysis-refresh]"));
        }
        await using var ctx = Context(data, Roles.Operator);
        var cut = ctx.Render<DefectsPanel>(p => p.Add(x => x.GalleryId, gallery));
        cut.WaitForAssertion(() => cut.Find("[data-testid=analysis-refresh]"));

        cut.Find("[data-testid=analysis-refresh]").Click();

        cut.WaitForAssertion(() => Assert.Contains("is refreshing it", cut.Find("[data-testid=analysis-job]").TextContent));
        await using var db = data.CreateDbContext();
        Assert.Equal(1, await db.Jobs.CountAsync(j => j.Kind == GalleryAnalysisJobHandler.JobKind && j.State == JobState.Queued));
    }

    [Fact]
    public async Task DuplicatesPanel_OpensOnTheStoredPairs_DistanceFiltersThem()
    {
        await using var data = await CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var ann = await data.AddIdentityAsync(gallery, "Ann");
        await data.AddImageAsync(ann, null, "a.jpg", PortalTestDatabase.Face([1, 0]));
        await data.AddImageAsync(ann, null, "b.jpg", PortalTestDatabase.Face([1, 0.2f]));
        await data.ComputeAsync(gallery);
        await using var ctx = Context(data, Roles.Operator);

        var cut = ctx.Render<DuplicatesPanel>(p => p.Add(x => x.GalleryId, gallery));

        // No click: the stored pairs are there on open.
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=duplicate-pair]")));
        cut.Find("input[data-testid=duplicate-distance]").Change("0.1");
        cut.Find("[data-testid=find-duplicates]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=no-duplicates]"));
    }

    [Fact]
    public async Task MislabelsPanel_OpensOnTheStoredSuspects_DismissHidesIt()
    {
        await using var data = await CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        await PeopleAsync(data, gallery, 3, 3);
        var p0 = (await data.CreateDbContext().Identities.FirstAsync(i => i.Name == "P0")).Id;
        await data.AddImageAsync(p0, null, "really-p1.jpg", PortalTestDatabase.Face(Vec(1, 5)));
        await data.ComputeAsync(gallery);
        await using var ctx = Context(data, Roles.Operator);

        var cut = ctx.Render<MislabelsPanel>(p => p.Add(x => x.GalleryId, gallery));

        cut.WaitForAssertion(() => Assert.Contains("P1", Assert.Single(cut.FindAll("[data-testid=mislabel]")).TextContent));
        cut.Find("[data-testid=dismiss-suspect]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=mislabel]")));
        Assert.Empty((await data.Stored().MislabelsAsync(gallery, None)).Suspects!);
    }
}

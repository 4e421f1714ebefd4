using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Clusters;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FacePortal.Tests.Web.Features.Clusters.ClusterTestSupport;

namespace FacePortal.Tests.Web.Features.Clusters;

/// <summary>The cluster view over a real database of planted unlabelled faces, clustered by the real job.</summary>
[Collection(EngineCollection.Name)]
public class ClustersPageTests(EngineFixture engine)
{
    internal static BunitContext Context(PortalTestDatabase data, string role) => PortalTestContext.Create(role, services =>
    {
        data.AddPageServices(services);
        services.AddSingleton(data.Clusters());
        services.AddSingleton(data.ClusterCuration());
        services.AddSingleton(data.Suggestions());
        services.AddSingleton(data.Services.GetRequiredService<ActivityLog>());
        services.AddSingleton(data.Services.GetRequiredService<CurationUndo>());
        services.AddSingleton(data.Services.GetRequiredService<JobService>());
        services.AddSingleton(data.Services.GetRequiredService<JobNotifier>());
    });

    internal static IRenderedComponent<ClustersPage> Render(BunitContext ctx, int gallery)
    {
        var cut = ctx.Render<ClustersPage>(p => p.Add(c => c.GalleryId, gallery));
        cut.WaitForState(() => cut.FindAll("[data-testid=preview-summary]").Count > 0, TimeSpan.FromSeconds(30));
        return cut;
    }

    [Fact]
    public async Task Page_ShowsClustersWithSizeAndCohesion_NamingOneMakesAnIdentity()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Signature(engine), [5, 3], strangers: 1);
        await ClusterAsync(data, p.Gallery);
        await using var ctx = Context(data, Roles.Operator);

        var cut = Render(ctx, p.Gallery);

        Assert.Contains("9 faces without a name · 3 clusters (1 single faces)", cut.Find("[data-testid=cluster-counts]").TextContent);
        var clusters = cut.FindAll("[data-testid=cluster]");
        Assert.Equal(3, clusters.Count);
        Assert.StartsWith("5 faces · cohesion (mean distance) 0.", clusters[0].QuerySelector("[data-testid=cluster-size]")!.TextContent);
        Assert.Equal(5, clusters[0].QuerySelectorAll("[data-testid=cluster-face]").Length);
        Assert.Matches("^images/[0-9a-f]{64}/faces/0/crop.png$", clusters[0].QuerySelector("img")!.GetAttribute("src"));

        var first = cut.Find("[data-testid=cluster]").GetAttribute("data-cluster-id");
        cut.Find($"[data-cluster-id='{first}'] input[data-testid=cluster-name-input]").Input("Alice");
        cut.Find($"[data-cluster-id='{first}'] [data-testid=cluster-name]").Click();

        cut.WaitForState(() => cut.FindAll("[data-testid=cluster]").Count == 2, TimeSpan.FromSeconds(10));
        await using var db = data.CreateDbContext();
        var alice = await db.Identities.Include(i => i.Images).SingleAsync(i => i.GalleryId == p.Gallery && i.Name == "Alice");
        Assert.Equal(p.Faces[0], alice.Images.Select(i => i.Id).Order());
        Assert.Contains("4 faces without a name", cut.Find("[data-testid=cluster-counts]").TextContent);
    }

    [Fact]
    public async Task Slider_ReformsTheSampleLive_AndRunStartsTheJobAtThatThreshold()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Signature(engine), [4, 4]);
        await using var ctx = Context(data, Roles.Operator);
        var cut = Render(ctx, p.Gallery);
        Assert.Contains("No clusters yet", cut.Find("[data-testid=no-clusters]").TextContent);
        // The preview is computed after the first render: wait for it rather than race it.
        cut.WaitForAssertion(() => Assert.Contains("form 2 clusters", cut.Find("[data-testid=preview-summary]").TextContent), TimeSpan.FromSeconds(10));

        cut.Find("[data-testid=threshold-slider]").Input("0.05");
        cut.WaitForAssertion(() => Assert.Contains("form 8 clusters (8 single faces", cut.Find("[data-testid=preview-summary]").TextContent));
        cut.Find("[data-testid=threshold-slider]").Input("0.5");
        cut.WaitForAssertion(() => Assert.Contains("form 2 clusters (0 single faces; largest 4)", cut.Find("[data-testid=preview-summary]").TextContent));

        cut.Find("[data-testid=run-clustering]").Click();

        Job? job = null;
        for (var i = 0; i < 100 && job is null; i++)
        {
            await Task.Delay(100);
            await using var db = data.CreateDbContext();
            job = await db.Jobs.SingleOrDefaultAsync(j => j.Kind == ClusterJobHandler.JobKind);
        }
        Assert.NotNull(job);
        Assert.Equal(0.5, ClusterParameters.Parse(job.Parameters).Threshold);
    }

    [Fact]
    public async Task Viewer_SeesClustersButNoActions()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Signature(engine), [3, 2]);
        await ClusterAsync(data, p.Gallery);
        await using var ctx = Context(data, Roles.Viewer);

        var cut = Render(ctx, p.Gallery);

        Assert.Equal(2, cut.FindAll("[data-testid=cluster]").Count);
        Assert.Empty(cut.FindAll("[data-testid=cluster-name]"));
        Assert.Empty(cut.FindAll("[data-testid=cluster-split]"));
        Assert.Empty(cut.FindAll("[data-testid=run-clustering]"));
    }

    [Fact]
    public async Task Suggestion_RejectedOnThePage_GoneAndStaysGoneOnReload()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Signature(engine), [4, 3]);
        await AddNamedAsync(data, p.Gallery, "Alice", p.Centres[0], Signature(engine), 2);
        await ClusterAsync(data, p.Gallery);
        await using var ctx = Context(data, Roles.Operator);
        var cut = Render(ctx, p.Gallery);
        // The suggestions load after the preview: wait for them rather than race them.
        var suggestion = cut.WaitForElement("[data-testid=suggestion]", TimeSpan.FromSeconds(10));
        Assert.Contains("Is this Alice?", suggestion.TextContent);

        cut.Find("[data-testid=suggestion-reject]").Click();

        cut.WaitForState(() => cut.FindAll("[data-testid=suggestion]").Count == 0, TimeSpan.FromSeconds(10));
        var again = Render(ctx, p.Gallery);
        Assert.Empty(again.FindAll("[data-testid=suggestion]"));
    }

    [Fact]
    public async Task Suggestion_RejectedThenUndoneFromThePagesActivityList_ComesBackInPlace()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Signature(engine), [4, 3]);
        await AddNamedAsync(data, p.Gallery, "Alice", p.Centres[0], Signature(engine), 2);
        await ClusterAsync(data, p.Gallery);
        await using var ctx = Context(data, Roles.Operator);
        var cut = Render(ctx, p.Gallery);
        cut.WaitForElement("[data-testid=suggestion]", TimeSpan.FromSeconds(10));
        cut.Find("[data-testid=suggestion-reject]").Click();
        cut.WaitForState(() => cut.FindAll("[data-testid=suggestion]").Count == 0, TimeSpan.FromSeconds(10));

        cut.WaitForState(() => cut.FindAll("[data-testid=activity-entry]").Any(e => e.TextContent.Contains("reject-suggestion", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
        cut.FindAll("[data-testid=activity-entry]").First(e => e.TextContent.Contains("reject-suggestion", StringComparison.Ordinal)).QuerySelector("[data-testid=undo]")!.Click();

        var back = cut.WaitForElement("[data-testid=suggestion]", TimeSpan.FromSeconds(10));
        Assert.Contains("Is this Alice?", back.TextContent);
    }

    [Fact]
    public async Task Undo_FromThePagesActivityList_NamedClusterComesBackInPlace()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Signature(engine), [4, 3]);
        await ClusterAsync(data, p.Gallery);
        await using var ctx = Context(data, Roles.Operator);
        var cut = Render(ctx, p.Gallery);
        var first = cut.Find("[data-testid=cluster]").GetAttribute("data-cluster-id");
        cut.Find($"[data-cluster-id='{first}'] input[data-testid=cluster-name-input]").Input("Alice");
        cut.Find($"[data-cluster-id='{first}'] [data-testid=cluster-name]").Click();
        cut.WaitForState(() => cut.FindAll("[data-testid=cluster]").Count == 1, TimeSpan.FromSeconds(10));

        // The page's own activity list offers the naming's Undo at once (no reload), and the undo shows in place.
        cut.WaitForState(() => cut.FindAll("[data-testid=activity-entry]").Any(e => e.TextContent.Contains("name-cluster", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
        cut.FindAll("[data-testid=activity-entry]").First(e => e.TextContent.Contains("name-cluster", StringComparison.Ordinal)).QuerySelector("[data-testid=undo]")!.Click();

        cut.WaitForState(() => cut.FindAll("[data-testid=cluster]").Count == 2, TimeSpan.FromSeconds(10));
        Assert.Contains("7 faces without a name · 2 clusters", cut.Find("[data-testid=cluster-counts]").TextContent);
        Assert.Equal(first, cut.Find("[data-testid=cluster]").GetAttribute("data-cluster-id"));
        // Newest first: the undo's own entry (which quotes the naming) above the naming, now marked undone.
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-testid=activity-entry]"),
            e => e.TextContent.Contains("name-cluster", StringComparison.Ordinal) && e.TextContent.Contains("undone (entry", StringComparison.Ordinal)));
        await using var db = data.CreateDbContext();
        Assert.Equal(7, await db.Images.CountAsync(i => i.IdentityId == p.Holding));
        Assert.False(await db.Identities.AnyAsync(i => i.GalleryId == p.Gallery && i.Name == "Alice" && i.Images.Count > 0));
    }
}

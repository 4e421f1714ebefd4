using System.Text.Json;
using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FacePortal.Tests.Web.Features.Galleries.Models.GalleryModelTestSupport;

namespace FacePortal.Tests.Web.Features.Galleries.Models;

/// <summary>The gallery page's Models tab over a real database and the two-model engine.</summary>
[Collection(TwoModelEngineCollection.Name)]
public class GalleryModelsPanelTests(TwoModelEngineFixture fixture)
{
    private static BunitContext Context(PortalTestDatabase db, string role) => PortalTestContext.Create(role, s => s
        .AddSingleton(db.Models())
        .AddSingleton(db.Services.GetRequiredService<JobService>())
        .AddSingleton(db.Services.GetRequiredService<JobNotifier>()));

    [Fact]
    public async Task Render_CountsPerModel_EmbedStartsAGalleryEmbedJob()
    {
        await using var db = await DatabaseAsync(fixture);
        var (gallery, _) = await SeedAsync(db, fixture, 1);
        int faces;
        await using (var c = db.CreateDbContext())
        {
            faces = await c.Faces.CountAsync();
        }
        await using var ctx = Context(db, Roles.Operator);

        var cut = ctx.Render<GalleryModelsPanel>(p => p.Add(x => x.GalleryId, gallery));

        cut.WaitForState(() => cut.FindAll("[data-testid=model-row]").Count == 2, TimeSpan.FromSeconds(30));
        Assert.Equal($"{faces} of {faces}", cut.Find("[data-model='face-api'] [data-testid=model-faces]").TextContent.Trim());
        Assert.Equal($"0 of {faces}", cut.Find($"[data-model='{TwoModelEngineFixture.SecondModel}'] [data-testid=model-faces]").TextContent.Trim());
        Assert.Contains("face-api", cut.Find("[data-testid=gallery-model]").TextContent, StringComparison.Ordinal);

        cut.Find("button[data-testid=embed-gallery]").Click();

        cut.WaitForAssertion(() =>
        {
            using var c = db.CreateDbContext();
            var job = Assert.Single(c.Jobs.ToList());
            Assert.Equal(GalleryEmbedJobHandler.JobKind, job.Kind);
            Assert.Equal("face-api", JsonDocument.Parse(job.Parameters).RootElement.GetProperty("model").GetString());
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Render_Viewer_SeesTheCountsButNoButtons()
    {
        await using var db = await DatabaseAsync(fixture);
        var (gallery, _) = await SeedAsync(db, fixture, 1);
        await using var ctx = Context(db, Roles.Viewer);

        var cut = ctx.Render<GalleryModelsPanel>(p => p.Add(x => x.GalleryId, gallery));

        cut.WaitForState(() => cut.FindAll("[data-testid=model-row]").Count == 2, TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("[data-testid=embed-gallery]"));
        Assert.Empty(cut.FindAll("[data-testid=use-model]"));
    }
}

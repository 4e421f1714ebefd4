using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Auth;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FacePortal.Tests.Web.Features.Galleries;

/// <summary>The identity page over a real database holding real images analysed by the real engine.</summary>
[Collection(EngineCollection.Name)]
public class IdentityPageTests(EngineFixture engine)
{
    private sealed record Seeded(int Gallery, int Identity, int[] Images);

    private async Task<Seeded> SeedAsync(PortalTestDatabase data)
    {
        var gallery = await data.AddGalleryAsync("demo");
        var identity = await data.AddIdentityAsync(gallery, "Demo people", "source:face-api");
        var images = new List<int>();
        foreach (var sample in new[] { "sample1.jpg", "sample2.jpg", "sample3.jpg" })
        {
            images.Add((await data.AddAnalyzedImageAsync(engine.Engine, identity, Path.Combine(FaceApiPackage.Directory, "demo", sample))).Id);
        }
        return new Seeded(gallery, identity, [.. images]);
    }

    private static BunitContext Context(PortalTestDatabase data, string role)
    {
        return PortalTestContext.Create(role, data.AddPageServices);
    }

    private static IRenderedComponent<IdentityPage> RenderPage(BunitContext ctx, Seeded s)
    {
        var cut = ctx.Render<IdentityPage>(p => p.Add(c => c.GalleryId, s.Gallery).Add(c => c.IdentityId, s.Identity));
        cut.WaitForState(() => cut.FindAll("[data-testid=face-card]").Count > 0);
        return cut;
    }

    [Fact]
    public async Task Cards_ActionsAndEnlarge_LinkVerifyAndIdentifyAndShowThePhotoLarge()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var s = await SeedAsync(data);
        await using var ctx = Context(data, Roles.Viewer);
        var cut = RenderPage(ctx, s);

        var card = cut.Find($"[data-image-id='{s.Images[0]}']");
        Assert.Equal($"verify?a={s.Images[0]}", card.QuerySelector("[data-testid=verify-with]")!.GetAttribute("href"));
        Assert.Matches($"^identify\\?image={s.Images[0]}&face=\\d+$", card.QuerySelector("[data-testid=identify-this]")!.GetAttribute("href"));
        // The name keeps its end whole: the head may be cut, the tail is a separate, unshrinkable part.
        Assert.Equal("sample1.jpg"[^ImageNames.TailLength..], card.QuerySelector(".name-tail")!.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=lightbox]"));

        cut.Find($"[data-image-id='{s.Images[0]}'] [data-testid=enlarge]").Click();
        var box = cut.Find("[data-testid=lightbox]");
        Assert.NotEmpty(box.QuerySelectorAll("rect.face-box.primary"));
        Assert.Matches("^images/[0-9a-f]{64}$", box.QuerySelector("img")!.GetAttribute("src"));

        box.Click();
        Assert.Empty(cut.FindAll("[data-testid=lightbox]"));
    }

    [Fact]
    public async Task IdentityList_Thumbnail_IsTheFirstIncludedImagesPrimaryFaceCrop()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var s = await SeedAsync(data);
        var empty = await data.AddIdentityAsync(s.Gallery, "Nobody yet");
        await using (var db = data.CreateDbContext())
        {
            var first = await db.Images.FindAsync(s.Images[0]);
            first!.Excluded = true;
            await db.SaveChangesAsync();
        }

        var list = await data.Reader.ListIdentitiesAsync(s.Gallery, null, default);

        await using var check = data.CreateDbContext();
        var second = await check.Images.FindAsync(s.Images[1]);
        Assert.Equal($"images/{second!.ContentHash}/faces/{second.PrimaryFaceIndex}/crop.png", list.Single(i => i.Id == s.Identity).ThumbnailUrl);
        Assert.Null(list.Single(i => i.Id == empty).ThumbnailUrl);
    }

    [Fact]
    public async Task Render_ThreeImages_OneCardEachWithBoxCropAndMeasures()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var s = await SeedAsync(data);
        await using var ctx = Context(data, Roles.Operator);

        var cut = RenderPage(ctx, s);

        var cards = cut.FindAll("[data-testid=face-card]");
        Assert.Equal(s.Images.Order(), cards.Select(c => int.Parse(c.GetAttribute("data-image-id")!)).Order());
        Assert.Equal("Demo people", cut.Find("[data-testid=identity-name]").TextContent);
        foreach (var card in cards)
        {
            // A box per detected face over the picture, the primary one marked, and its aligned crop served by hash.
            Assert.NotEmpty(card.QuerySelectorAll("rect.face-box"));
            Assert.Single(card.QuerySelectorAll("rect.face-box.primary"));
            Assert.Matches("^images/[0-9a-f]{64}/faces/\\d+/crop.png$", card.QuerySelector("[data-testid=face-crop]")!.GetAttribute("src"));
            Assert.Contains("sharpness", card.TextContent);
        }
    }

    [Fact]
    public async Task LandmarkToggle_OnThenOff_ShowsThenHidesTheLandmarkOverlay()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var s = await SeedAsync(data);
        await using var ctx = Context(data, Roles.Viewer);
        var cut = RenderPage(ctx, s);
        Assert.Empty(cut.FindAll("[data-testid=landmarks]"));

        cut.Find("[data-testid=toggle-landmarks] input").Change(true);

        var overlays = cut.FindAll("[data-testid=landmarks]");
        Assert.Equal(3, overlays.Count);
        // 68 points for every face that has landmarks.
        Assert.All(overlays, o => Assert.Equal(0, o.QuerySelectorAll("circle").Length % 68));
        Assert.True(overlays.Sum(o => o.QuerySelectorAll("circle").Length) >= 3 * 68);

        cut.Find("[data-testid=toggle-landmarks] input").Change(false);
        Assert.Empty(cut.FindAll("[data-testid=landmarks]"));
    }

    [Fact]
    public async Task SelectAndExclude_OneImage_ServiceExcludesItAndCardIsMarked()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var s = await SeedAsync(data);
        await using var ctx = Context(data, Roles.Operator);
        var cut = RenderPage(ctx, s);
        var target = s.Images[1];

        cut.Find($"[data-image-id='{target}'] [data-testid=select-image]").Change(true);
        Assert.Equal("1 selected", cut.Find("[data-testid=selected-count]").TextContent);
        cut.Find("button[data-testid=bulk-exclude]").Click();

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find($"[data-image-id='{target}']").GetAttribute("data-excluded")));
        Assert.Contains("excluded", cut.Find($"[data-image-id='{target}']").ClassList);
        Assert.All(s.Images.Where(i => i != target), i => Assert.Equal("false", cut.Find($"[data-image-id='{i}']").GetAttribute("data-excluded")));
        var stored = (await data.Reader.GetIdentityAsync(s.Identity, CancellationToken.None))!.Images;
        Assert.Equal([target], stored.Where(i => i.Excluded).Select(i => i.Id));
        var entry = (await data.Activity.LatestAsync(s.Gallery, 1, CancellationToken.None))[0];
        Assert.Equal(("exclude", "operator@test.local"), (entry.Action, entry.User));
    }

    [Fact]
    public async Task Render_Viewer_NoSelectionNorBulkActions()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var s = await SeedAsync(data);
        await using var ctx = Context(data, Roles.Viewer);

        var cut = RenderPage(ctx, s);

        Assert.Equal(3, cut.FindAll("[data-testid=face-card]").Count);
        Assert.Empty(cut.FindAll("[data-testid=select-image]"));
        Assert.Empty(cut.FindAll("[data-testid=bulk-actions]"));
    }
}

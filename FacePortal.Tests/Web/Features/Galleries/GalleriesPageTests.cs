using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Auth;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using GalleriesPage = FacePortal.Web.Features.Galleries.GalleryList;

namespace FacePortal.Tests.Web.Features.Galleries;

/// <summary>The gallery list page over a real database.</summary>
public class GalleriesPageTests
{
    private static BunitContext Context(PortalTestDatabase data, string role)
    {
        return PortalTestContext.Create(role, data.AddPageServices);
    }

    [Fact]
    public async Task Render_TwoGalleries_OneRowEachWithCountsAndLink()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var staff = await data.AddGalleryAsync("Staff");
        var visitors = await data.AddGalleryAsync("Visitors");
        var ann = await data.AddIdentityAsync(staff, "Ann");
        await data.AddImageAsync(ann, null, null, PortalTestDatabase.Face([1, 0]));
        await data.AddImageAsync(ann);
        await using var ctx = Context(data, Roles.Viewer);

        var cut = ctx.Render<GalleriesPage>();

        cut.WaitForState(() => cut.FindAll("[data-testid=gallery-row]").Count == 2);
        var staffRow = cut.Find($"[data-gallery-id='{staff}']");
        Assert.Equal(["Staff", "1", "2", "1"], staffRow.QuerySelectorAll("td").Take(4).Select(td => td.TextContent.Trim()));
        Assert.Equal($"galleries/{staff}", staffRow.QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(cut.Find($"[data-gallery-id='{visitors}']"));
        // Viewers see the list but no way to change it.
        Assert.Empty(cut.FindAll("[data-testid=create-gallery]"));
        Assert.Empty(cut.FindAll("[data-testid=delete-gallery]"));
    }

    [Fact]
    public async Task Create_OperatorTypesName_GalleryListedAndRecorded()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        await using var ctx = Context(data, Roles.Operator);
        var cut = ctx.Render<GalleriesPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=no-galleries]"));

        cut.Find("input[data-testid=new-gallery-name]").Input("Staff");
        cut.Find("button[data-testid=create-gallery]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=gallery-row]")));
        Assert.Contains("Staff", cut.Find("[data-testid=gallery-row]").TextContent);
        var entry = Assert.Single(await data.Activity.LatestAsync(null, 10, CancellationToken.None));
        Assert.Equal(("create-gallery", "operator@test.local"), (entry.Action, entry.User));
    }

    [Fact]
    public async Task Rename_ToNameOfAnotherGallery_ShowsErrorAndKeepsName()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var staff = await data.AddGalleryAsync("Staff");
        await data.AddGalleryAsync("Visitors");
        await using var ctx = Context(data, Roles.Operator);
        var snackbar = ctx.Render<MudSnackbarProvider>();
        var cut = ctx.Render<GalleriesPage>();
        cut.WaitForState(() => cut.FindAll("[data-testid=gallery-row]").Count == 2);

        cut.Find($"[data-gallery-id='{staff}'] button[data-testid=rename-gallery]").Click();
        cut.Find("input[data-testid=rename-gallery-name]").Input("Visitors");
        cut.Find("button[data-testid=save-gallery-name]").Click();

        // The clash is explained, and the row stays in edit mode for another try.
        snackbar.WaitForAssertion(() => Assert.Contains("A gallery named \"Visitors\" already exists", snackbar.Markup));
        Assert.NotNull(cut.Find("input[data-testid=rename-gallery-name]"));
        Assert.Equal("Staff", (await data.Galleries.GetGalleryAsync(staff, CancellationToken.None))!.Name);
    }
}

using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.Galleries;

/// <summary>Galleries and their summaries over a real database: create, rename, delete, counts.</summary>
public class GalleryServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CreateGalleryAsync_NewName_ListedAndRecorded()
    {
        await using var data = await PortalTestDatabase.CreateAsync();

        var id = await data.Galleries.CreateGalleryAsync("  Staff  ", TestUsers.Operator, None);

        var listed = Assert.Single(await data.Galleries.ListGalleriesAsync(None));
        Assert.Equal((id, "Staff", 0, 0, 0), (listed.Id, listed.Name, listed.Identities, listed.Images, listed.Faces));
        var entry = Assert.Single(await data.Activity.LatestAsync(id, 10, None));
        Assert.Equal(("op@test.local", "create-gallery"), (entry.User, entry.Action));
        Assert.Contains("Staff", entry.Details);
    }

    [Fact]
    public async Task GetGalleryAsync_DuplicateAndUnreadableImages_CountsUsableImagesAndEveryOutcome()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var ann = await data.AddIdentityAsync(gallery, "Ann");
        await data.AddImageAsync(ann, null, null, PortalTestDatabase.Face([1, 0]));
        var copy = await data.AddImageAsync(ann);
        var broken = await data.AddImageAsync(ann);
        await using (var db = await data.CreateDbContextAsync())
        {
            await db.Images.Where(i => i.Id == copy.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Outcome, ImageOutcome.Duplicate));
            await db.Images.Where(i => i.Id == broken.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Outcome, ImageOutcome.Unreadable));
        }

        var summary = (await data.Galleries.GetGalleryAsync(gallery, None))!;
        var listed = Assert.Single(await data.Galleries.ListGalleriesAsync(None));

        Assert.Equal((1, 1, 1), (summary.Identities, summary.Images, summary.Faces));
        Assert.Equal(new Dictionary<string, int> { ["face"] = 1, ["duplicate"] = 1, ["unreadable"] = 1 }, summary.Outcomes);
        Assert.Equal(summary with { Outcomes = null }, listed);
    }

    [Fact]
    public async Task CreateGalleryAsync_Viewer_ThrowsUnauthorizedAndCreatesNothing()
    {
        await using var data = await PortalTestDatabase.CreateAsync();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => data.Galleries.CreateGalleryAsync("Staff", TestUsers.Viewer, None));

        Assert.Empty(await data.Galleries.ListGalleriesAsync(None));
        Assert.Empty(await data.Activity.LatestAsync(null, 10, None));
    }

    [Fact]
    public async Task CreateGalleryAsync_ExistingName_ThrowsClearError()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        await data.Galleries.CreateGalleryAsync("Staff", TestUsers.Operator, None);

        var e = await Assert.ThrowsAsync<GalleryException>(() => data.Galleries.CreateGalleryAsync("Staff", TestUsers.Operator, None));

        Assert.Contains("already exists", e.Message);
    }

    [Fact]
    public async Task RenameGalleryAsync_NewName_RenamesAndRecordsOldAndNew()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var id = await data.Galleries.CreateGalleryAsync("Staff", TestUsers.Operator, None);

        await data.Galleries.RenameGalleryAsync(id, "Staff 2024", TestUsers.Operator, None);

        Assert.Equal("Staff 2024", (await data.Galleries.GetGalleryAsync(id, None))!.Name);
        var entry = (await data.Activity.LatestAsync(id, 10, None))[0];
        Assert.Equal("rename-gallery", entry.Action);
        Assert.Equal("\"Staff\" -> \"Staff 2024\"", entry.Details);
    }

    [Fact]
    public async Task DeleteGalleryAsync_FileSharedWithAnotherGallery_KeepsSharedFileDeletesOwnFiles()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var first = await data.AddGalleryAsync("first");
        var second = await data.AddGalleryAsync("second");
        var a = await data.AddIdentityAsync(first, "A");
        var b = await data.AddIdentityAsync(second, "B");
        var shared = data.UniqueBytes();
        var sharedImage = await data.AddImageAsync(a, shared, "shared.jpg", PortalTestDatabase.Face([1, 0]));
        var own = await data.AddImageAsync(a, null, "own.jpg", PortalTestDatabase.Face([0, 1]));
        await data.AddImageAsync(b, shared, "shared.jpg");

        await data.Galleries.DeleteGalleryAsync(first, TestUsers.Operator, None);

        Assert.True(data.Images.Exists(sharedImage.ContentHash));
        Assert.False(data.Images.Exists(own.ContentHash));
        Assert.Equal(["second"], (await data.Galleries.ListGalleriesAsync(None)).Select(g => g.Name));
        await using var db = await data.CreateDbContextAsync();
        Assert.Equal(0, await db.Faces.CountAsync());
        Assert.Equal(1, await db.Images.CountAsync());
        Assert.Equal(1, await db.Identities.CountAsync());
        var entry = (await data.Activity.LatestAsync(first, 10, None))[0];
        Assert.Equal("delete-gallery", entry.Action);
        Assert.Contains("2 images", entry.Details);
    }

    [Fact]
    public async Task CountAsync_SeededData_CountsEverything()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        await data.AddImageAsync(a, null, null, PortalTestDatabase.Face([1, 0]), PortalTestDatabase.Face([0, 1], 1));
        await data.AddImageAsync(a);

        Assert.Equal(new PortalCounts(1, 1, 2, 2), await data.Galleries.CountAsync(None));
    }
}

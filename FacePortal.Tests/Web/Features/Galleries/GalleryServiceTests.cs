using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.Galleries;

public class GalleryServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CreateGalleryAsync_NewName_ListedAndRecorded()
    {
        await using var data = await CurationDatabase.CreateAsync();

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
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var ann = await data.AddIdentityAsync(gallery, "Ann");
        await data.AddImageAsync(ann, null, null, CurationDatabase.Face([1, 0]));
        var copy = await data.AddImageAsync(ann);
        var broken = await data.AddImageAsync(ann);
        await using (var db = await data.Databases.CreateDbContextAsync())
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
        await using var data = await CurationDatabase.CreateAsync();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => data.Galleries.CreateGalleryAsync("Staff", TestUsers.Viewer, None));

        Assert.Empty(await data.Galleries.ListGalleriesAsync(None));
        Assert.Empty(await data.Activity.LatestAsync(null, 10, None));
    }

    [Fact]
    public async Task CreateGalleryAsync_ExistingName_ThrowsClearError()
    {
        await using var data = await CurationDatabase.CreateAsync();
        await data.Galleries.CreateGalleryAsync("Staff", TestUsers.Operator, None);

        var e = await Assert.ThrowsAsync<GalleryException>(() => data.Galleries.CreateGalleryAsync("Staff", TestUsers.Operator, None));

        Assert.Contains("already exists", e.Message);
    }

    [Fact]
    public async Task RenameGalleryAsync_NewName_RenamesAndRecordsOldAndNew()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var id = await data.Galleries.CreateGalleryAsync("Staff", TestUsers.Operator, None);

        await data.Galleries.RenameGalleryAsync(id, "Staff 2024", TestUsers.Operator, None);

        Assert.Equal("Staff 2024", (await data.Galleries.GetGalleryAsync(id, None))!.Name);
        var entry = (await data.Activity.LatestAsync(id, 10, None))[0];
        Assert.Equal("rename-gallery", entry.Action);
        Assert.Equal("\"Staff\" -> \"Staff 2024\"", entry.Details);
    }

    [Fact]
    public async Task RenameIdentityAsync_ToExistingName_ThrowsClearErrorAndKeepsNames()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var alice = await data.AddIdentityAsync(gallery, "Alice");
        await data.AddIdentityAsync(gallery, "Bob");

        var e = await Assert.ThrowsAsync<GalleryException>(() => data.Galleries.RenameIdentityAsync(alice, "Bob", TestUsers.Operator, None));

        Assert.Contains("\"Bob\" already exists", e.Message);
        Assert.Equal(["Alice", "Bob"], (await data.Galleries.ListIdentitiesAsync(gallery, null, None)).Select(i => i.Name));
    }

    [Fact]
    public async Task RenameIdentityAsync_TwoOperatorsAtOnceToSameName_OneWinsTheOtherGetsClearError()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var ids = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await data.AddIdentityAsync(gallery, "person " + i));
        }

        var attempts = ids.Select(id => Task.Run(() => data.Galleries.RenameIdentityAsync(id, "Same", TestUsers.Operator, None))).ToList();
        var outcome = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                await t;
                return "ok";
            }
            catch (GalleryException e) when (e.Message.Contains("already exists"))
            {
                return "clash";
            }
        }));

        Assert.Equal(1, outcome.Count(o => o == "ok"));
        Assert.Equal(5, outcome.Count(o => o == "clash"));
        Assert.Single(await data.Galleries.ListIdentitiesAsync(gallery, "Same", None));
    }

    [Fact]
    public async Task DeleteGalleryAsync_FileSharedWithAnotherGallery_KeepsSharedFileDeletesOwnFiles()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var first = await data.AddGalleryAsync("first");
        var second = await data.AddGalleryAsync("second");
        var a = await data.AddIdentityAsync(first, "A");
        var b = await data.AddIdentityAsync(second, "B");
        var shared = data.UniqueBytes();
        var sharedImage = await data.AddImageAsync(a, shared, "shared.jpg", CurationDatabase.Face([1, 0]));
        var own = await data.AddImageAsync(a, null, "own.jpg", CurationDatabase.Face([0, 1]));
        await data.AddImageAsync(b, shared, "shared.jpg");

        await data.Galleries.DeleteGalleryAsync(first, TestUsers.Operator, None);

        Assert.True(data.Store.Exists(sharedImage.ContentHash));
        Assert.False(data.Store.Exists(own.ContentHash));
        Assert.Equal(["second"], (await data.Galleries.ListGalleriesAsync(None)).Select(g => g.Name));
        await using var db = await data.Databases.CreateDbContextAsync();
        Assert.Equal(0, await db.Faces.CountAsync());
        Assert.Equal(1, await db.Images.CountAsync());
        Assert.Equal(1, await db.Identities.CountAsync());
        var entry = (await data.Activity.LatestAsync(first, 10, None))[0];
        Assert.Equal("delete-gallery", entry.Action);
        Assert.Contains("2 images", entry.Details);
    }

    [Fact]
    public async Task DeleteIdentityAsync_WithImages_RemovesImagesFacesAndUnusedFiles()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var b = await data.AddIdentityAsync(gallery, "B");
        var gone = await data.AddImageAsync(a, null, null, CurationDatabase.Face([1, 0]), CurationDatabase.Face([0, 1], 1));
        var kept = await data.AddImageAsync(b, null, null, CurationDatabase.Face([1, 1]));

        await data.Galleries.DeleteIdentityAsync(a, TestUsers.Operator, None);

        Assert.False(data.Store.Exists(gone.ContentHash));
        Assert.True(data.Store.Exists(kept.ContentHash));
        Assert.Null(await data.Galleries.GetIdentityAsync(a, None));
        var summary = (await data.Galleries.GetGalleryAsync(gallery, None))!;
        Assert.Equal((1, 1, 1), (summary.Identities, summary.Images, summary.Faces));
    }

    [Fact]
    public async Task MergeIdentitiesAsync_TwoIdentities_MovesImagesUnitesTagsDeletesSource()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var source = await data.AddIdentityAsync(gallery, "Bob Smith", "female", "source:cctv");
        var target = await data.AddIdentityAsync(gallery, "Robert Smith", "Female");
        await data.AddImageAsync(source);
        await data.AddImageAsync(source);
        await data.AddImageAsync(target);

        await data.Galleries.MergeIdentitiesAsync(source, target, TestUsers.Operator, None);

        var merged = Assert.Single(await data.Galleries.ListIdentitiesAsync(gallery, null, None));
        Assert.Equal(("Robert Smith", 3), (merged.Name, merged.Images));
        Assert.Equal(["Female", "source:cctv"], merged.Tags);
        var entry = (await data.Activity.LatestAsync(gallery, 1, None))[0];
        Assert.Equal(("merge", "\"Bob Smith\" into \"Robert Smith\": 2 images"), (entry.Action, entry.Details));
    }

    [Fact]
    public async Task SplitIdentityAsync_SelectedImages_MoveToNewIdentity()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var mixed = await data.AddIdentityAsync(gallery, "Mixed");
        var one = await data.AddImageAsync(mixed);
        var two = await data.AddImageAsync(mixed);
        var stays = await data.AddImageAsync(mixed);

        var created = await data.Galleries.SplitIdentityAsync(mixed, [one.Id, two.Id], "Other", TestUsers.Operator, None);

        Assert.Equal([one.Id, two.Id], (await data.Galleries.GetIdentityAsync(created, None))!.Images.Select(i => i.Id).Order());
        Assert.Equal([stays.Id], (await data.Galleries.GetIdentityAsync(mixed, None))!.Images.Select(i => i.Id));
        Assert.Equal("split", (await data.Activity.LatestAsync(gallery, 1, None))[0].Action);
    }

    [Fact]
    public async Task MoveImagesAsync_ImageDeletedMeanwhile_ThrowsClearErrorAndMovesNothing()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var b = await data.AddIdentityAsync(gallery, "B");
        var stillThere = await data.AddImageAsync(a);
        var deleted = await data.AddImageAsync(a);
        // Another operator deletes one of the selected images first.
        await data.Galleries.DeleteImagesAsync([deleted.Id], TestUsers.User("other@test.local", "admin"), None);

        var e = await Assert.ThrowsAsync<GalleryException>(() => data.Galleries.MoveImagesAsync([stillThere.Id, deleted.Id], b, TestUsers.Operator, None));

        Assert.Contains("no longer exist", e.Message);
        Assert.Equal([stillThere.Id], (await data.Galleries.GetIdentityAsync(a, None))!.Images.Select(i => i.Id));
        Assert.Empty((await data.Galleries.GetIdentityAsync(b, None))!.Images);
    }

    [Fact]
    public async Task MoveImagesAsync_ToIdentityOfAnotherGallery_Throws()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var a = await data.AddIdentityAsync(await data.AddGalleryAsync("g1"), "A");
        var b = await data.AddIdentityAsync(await data.AddGalleryAsync("g2"), "B");
        var image = await data.AddImageAsync(a);

        var e = await Assert.ThrowsAsync<GalleryException>(() => data.Galleries.MoveImagesAsync([image.Id], b, TestUsers.Operator, None));

        Assert.Contains("another gallery", e.Message);
    }

    [Fact]
    public async Task MoveImagesAsync_TwoImages_FiledUnderTargetAndRecorded()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var b = await data.AddIdentityAsync(gallery, "B");
        var one = await data.AddImageAsync(a, null, "one.jpg");
        var two = await data.AddImageAsync(a, null, "two.jpg");

        var moved = await data.Galleries.MoveImagesAsync([one.Id, two.Id], b, TestUsers.Operator, None);

        Assert.Equal(2, moved);
        Assert.Equal(2, (await data.Galleries.GetIdentityAsync(b, None))!.Images.Count);
        var entry = (await data.Activity.LatestAsync(gallery, 1, None))[0];
        Assert.Equal(("move", "op@test.local"), (entry.Action, entry.User));
        Assert.Contains("one.jpg", entry.Details);
    }

    [Fact]
    public async Task SetExcludedAsync_ExcludeThenInclude_FlagFollowsAndBothRecorded()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var image = await data.AddImageAsync(a);

        await data.Galleries.SetExcludedAsync([image.Id], true, TestUsers.Operator, None);
        Assert.True((await data.Galleries.GetIdentityAsync(a, None))!.Images[0].Excluded);
        Assert.Equal(1, (await data.Galleries.ListIdentitiesAsync(gallery, null, None))[0].Excluded);

        await data.Galleries.SetExcludedAsync([image.Id], false, TestUsers.Operator, None);
        Assert.False((await data.Galleries.GetIdentityAsync(a, None))!.Images[0].Excluded);
        Assert.Equal(["include", "exclude"], (await data.Activity.LatestAsync(gallery, 10, None)).Select(e => e.Action));
    }

    [Fact]
    public async Task DeleteImagesAsync_FileUsedByAnotherImage_KeepsFile()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var bytes = data.UniqueBytes();
        var first = await data.AddImageAsync(a, bytes);
        var copy = await data.AddImageAsync(a, bytes);

        await data.Galleries.DeleteImagesAsync([first.Id], TestUsers.Operator, None);
        Assert.True(data.Store.Exists(copy.ContentHash));

        await data.Galleries.DeleteImagesAsync([copy.Id], TestUsers.Operator, None);
        Assert.False(data.Store.Exists(copy.ContentHash));
    }

    [Fact]
    public async Task TagImagesAsync_AddAndRemoveInBulk_TagsUpdatedWithoutDuplicates()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var one = await data.AddImageAsync(a);
        var two = await data.AddImageAsync(a);
        await data.Galleries.TagImagesAsync([one.Id], ["blurry"], [], TestUsers.Operator, None);

        await data.Galleries.TagImagesAsync([one.Id, two.Id], [" source:cctv ", "Source:CCTV", ""], ["blurry"], TestUsers.Operator, None);

        var images = (await data.Galleries.GetIdentityAsync(a, None))!.Images;
        Assert.All(images, i => Assert.Equal(["source:cctv"], i.Tags));
        Assert.Equal("tag-images", (await data.Activity.LatestAsync(gallery, 1, None))[0].Action);
    }

    [Fact]
    public async Task TagIdentitiesAsync_ThenSearchByTag_FindsTaggedIdentitiesOnly()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "Anne");
        var b = await data.AddIdentityAsync(gallery, "Beth");
        await data.AddIdentityAsync(gallery, "Carl");

        await data.Galleries.TagIdentitiesAsync([a, b], ["age:60+"], [], TestUsers.Operator, None);

        Assert.Equal(["Anne", "Beth"], (await data.Galleries.ListIdentitiesAsync(gallery, "AGE:60", None)).Select(i => i.Name));
        Assert.Equal(["Carl"], (await data.Galleries.ListIdentitiesAsync(gallery, "car", None)).Select(i => i.Name));
        // LIKE wildcards in the search are taken literally.
        Assert.Empty(await data.Galleries.ListIdentitiesAsync(gallery, "%", None));
    }

    [Fact]
    public async Task SetPrimaryFaceAsync_AnotherFaceWithDescriptor_BecomesPrimary()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var image = await data.AddImageAsync(a, null, "group.jpg", CurationDatabase.Face([1, 0]), CurationDatabase.Face([0, 1], 1));

        await data.Galleries.SetPrimaryFaceAsync(image.Id, 1, TestUsers.Operator, None);

        var view = (await data.Galleries.GetIdentityAsync(a, None))!.Images[0];
        Assert.Equal(1, view.PrimaryFaceIndex);
        Assert.Equal(ImageOutcome.SeveralFaces, view.Outcome);
        Assert.Equal("primary-face", (await data.Activity.LatestAsync(gallery, 1, None))[0].Action);
        await Assert.ThrowsAsync<GalleryException>(() => data.Galleries.SetPrimaryFaceAsync(image.Id, 5, TestUsers.Operator, None));
    }

    [Fact]
    public async Task CountAsync_SeededData_CountsEverything()
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        await data.AddImageAsync(a, null, null, CurationDatabase.Face([1, 0]), CurationDatabase.Face([0, 1], 1));
        await data.AddImageAsync(a);

        Assert.Equal(new PortalCounts(1, 1, 2, 2), await data.Galleries.CountAsync(None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\u0001name")]
    public async Task CreateIdentityAsync_BadName_ThrowsClearError(string name)
    {
        await using var data = await CurationDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");

        await Assert.ThrowsAsync<GalleryException>(() => data.Galleries.CreateIdentityAsync(gallery, name, TestUsers.Operator, None));
    }
}

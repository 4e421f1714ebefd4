using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Tests.Web.Features.Galleries;

/// <summary>Image curation over a real database: move, exclude, delete, tag, primary face.</summary>
public class GalleryImageServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task MoveImagesAsync_ImageDeletedMeanwhile_ThrowsClearErrorAndMovesNothing()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var b = await data.AddIdentityAsync(gallery, "B");
        var stillThere = await data.AddImageAsync(a);
        var deleted = await data.AddImageAsync(a);
        // Another operator deletes one of the selected images first.
        await data.GalleryImages.DeleteImagesAsync([deleted.Id], TestUsers.User("other@test.local", "admin"), None);

        var e = await Assert.ThrowsAsync<GalleryException>(() => data.GalleryImages.MoveImagesAsync([stillThere.Id, deleted.Id], b, TestUsers.Operator, None));

        Assert.Contains("no longer exist", e.Message);
        Assert.Equal([stillThere.Id], (await data.Reader.GetIdentityAsync(a, None))!.Images.Select(i => i.Id));
        Assert.Empty((await data.Reader.GetIdentityAsync(b, None))!.Images);
    }

    [Fact]
    public async Task MoveImagesAsync_ToIdentityOfAnotherGallery_Throws()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var a = await data.AddIdentityAsync(await data.AddGalleryAsync("g1"), "A");
        var b = await data.AddIdentityAsync(await data.AddGalleryAsync("g2"), "B");
        var image = await data.AddImageAsync(a);

        var e = await Assert.ThrowsAsync<GalleryException>(() => data.GalleryImages.MoveImagesAsync([image.Id], b, TestUsers.Operator, None));

        Assert.Contains("another gallery", e.Message);
    }

    [Fact]
    public async Task MoveImagesAsync_TwoImages_FiledUnderTargetAndRecorded()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var b = await data.AddIdentityAsync(gallery, "B");
        var one = await data.AddImageAsync(a, null, "one.jpg");
        var two = await data.AddImageAsync(a, null, "two.jpg");

        var moved = await data.GalleryImages.MoveImagesAsync([one.Id, two.Id], b, TestUsers.Operator, None);

        Assert.Equal(2, moved);
        Assert.Equal(2, (await data.Reader.GetIdentityAsync(b, None))!.Images.Count);
        var entry = (await data.Activity.LatestAsync(gallery, 1, None))[0];
        Assert.Equal(("move", "op@test.local"), (entry.Action, entry.User));
        Assert.Contains("one.jpg", entry.Details);
    }

    [Fact]
    public async Task SetExcludedAsync_ExcludeThenInclude_FlagFollowsAndBothRecorded()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var image = await data.AddImageAsync(a);

        await data.GalleryImages.SetExcludedAsync([image.Id], true, TestUsers.Operator, None);
        Assert.True((await data.Reader.GetIdentityAsync(a, None))!.Images[0].Excluded);
        Assert.Equal(1, (await data.Reader.ListIdentitiesAsync(gallery, null, None))[0].Excluded);

        await data.GalleryImages.SetExcludedAsync([image.Id], false, TestUsers.Operator, None);
        Assert.False((await data.Reader.GetIdentityAsync(a, None))!.Images[0].Excluded);
        Assert.Equal(["include", "exclude"], (await data.Activity.LatestAsync(gallery, 10, None)).Select(e => e.Action));
    }

    [Fact]
    public async Task DeleteImagesAsync_FileUsedByAnotherImage_KeepsFile()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var bytes = data.UniqueBytes();
        var first = await data.AddImageAsync(a, bytes);
        var copy = await data.AddImageAsync(a, bytes);

        await data.GalleryImages.DeleteImagesAsync([first.Id], TestUsers.Operator, None);
        Assert.True(data.Images.Exists(copy.ContentHash));

        await data.GalleryImages.DeleteImagesAsync([copy.Id], TestUsers.Operator, None);
        Assert.False(data.Images.Exists(copy.ContentHash));
    }

    [Fact]
    public async Task TagImagesAsync_AddAndRemoveInBulk_TagsUpdatedWithoutDuplicates()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var one = await data.AddImageAsync(a);
        var two = await data.AddImageAsync(a);
        await data.GalleryImages.TagImagesAsync([one.Id], ["blurry"], [], TestUsers.Operator, None);

        await data.GalleryImages.TagImagesAsync([one.Id, two.Id], [" source:cctv ", "Source:CCTV", ""], ["blurry"], TestUsers.Operator, None);

        var images = (await data.Reader.GetIdentityAsync(a, None))!.Images;
        Assert.All(images, i => Assert.Equal(["source:cctv"], i.Tags));
        Assert.Equal("tag-images", (await data.Activity.LatestAsync(gallery, 1, None))[0].Action);
    }

    [Fact]
    public async Task SetPrimaryFaceAsync_AnotherFaceWithDescriptor_BecomesPrimary()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var image = await data.AddImageAsync(a, null, "group.jpg", PortalTestDatabase.Face([1, 0]), PortalTestDatabase.Face([0, 1], 1));

        await data.GalleryImages.SetPrimaryFaceAsync(image.Id, 1, TestUsers.Operator, None);

        var view = (await data.Reader.GetIdentityAsync(a, None))!.Images[0];
        Assert.Equal(1, view.PrimaryFaceIndex);
        Assert.Equal(ImageOutcome.SeveralFaces, view.Outcome);
        Assert.Equal("primary-face", (await data.Activity.LatestAsync(gallery, 1, None))[0].Action);
        await Assert.ThrowsAsync<GalleryException>(() => data.GalleryImages.SetPrimaryFaceAsync(image.Id, 5, TestUsers.Operator, None));
    }
}

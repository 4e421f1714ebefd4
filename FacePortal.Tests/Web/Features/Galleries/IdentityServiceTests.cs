using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;

namespace FacePortal.Tests.Web.Features.Galleries;

/// <summary>Identities over a real database: create, rename, delete, merge, split, tag.</summary>
public class IdentityServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task RenameIdentityAsync_ToExistingName_ThrowsClearErrorAndKeepsNames()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var alice = await data.AddIdentityAsync(gallery, "Alice");
        await data.AddIdentityAsync(gallery, "Bob");

        var e = await Assert.ThrowsAsync<GalleryException>(() => data.Identities.RenameIdentityAsync(alice, "Bob", TestUsers.Operator, None));

        Assert.Contains("\"Bob\" already exists", e.Message);
        Assert.Equal(["Alice", "Bob"], (await data.Reader.ListIdentitiesAsync(gallery, null, None)).Select(i => i.Name));
    }

    [Fact]
    public async Task RenameIdentityAsync_TwoOperatorsAtOnceToSameName_OneWinsTheOtherGetsClearError()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var ids = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await data.AddIdentityAsync(gallery, "person " + i));
        }

        var attempts = ids.Select(id => Task.Run(() => data.Identities.RenameIdentityAsync(id, "Same", TestUsers.Operator, None))).ToList();
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
        Assert.Single(await data.Reader.ListIdentitiesAsync(gallery, "Same", None));
    }

    [Fact]
    public async Task DeleteIdentityAsync_WithImages_RemovesImagesFacesAndUnusedFiles()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var b = await data.AddIdentityAsync(gallery, "B");
        var gone = await data.AddImageAsync(a, null, null, PortalTestDatabase.Face([1, 0]), PortalTestDatabase.Face([0, 1], 1));
        var kept = await data.AddImageAsync(b, null, null, PortalTestDatabase.Face([1, 1]));

        await data.Identities.DeleteIdentityAsync(a, TestUsers.Operator, None);

        Assert.False(data.Images.Exists(gone.ContentHash));
        Assert.True(data.Images.Exists(kept.ContentHash));
        Assert.Null(await data.Reader.GetIdentityAsync(a, None));
        var summary = (await data.Galleries.GetGalleryAsync(gallery, None))!;
        Assert.Equal((1, 1, 1), (summary.Identities, summary.Images, summary.Faces));
    }

    [Fact]
    public async Task MergeIdentitiesAsync_TwoIdentities_MovesImagesUnitesTagsDeletesSource()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var source = await data.AddIdentityAsync(gallery, "Bob Smith", "female", "source:cctv");
        var target = await data.AddIdentityAsync(gallery, "Robert Smith", "Female");
        await data.AddImageAsync(source);
        await data.AddImageAsync(source);
        await data.AddImageAsync(target);

        await data.Identities.MergeIdentitiesAsync(source, target, TestUsers.Operator, None);

        var merged = Assert.Single(await data.Reader.ListIdentitiesAsync(gallery, null, None));
        Assert.Equal(("Robert Smith", 3), (merged.Name, merged.Images));
        Assert.Equal(["Female", "source:cctv"], merged.Tags);
        var entry = (await data.Activity.LatestAsync(gallery, 1, None))[0];
        Assert.Equal(("merge", "\"Bob Smith\" into \"Robert Smith\": 2 images"), (entry.Action, entry.Details));
    }

    [Fact]
    public async Task SplitIdentityAsync_SelectedImages_MoveToNewIdentity()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var mixed = await data.AddIdentityAsync(gallery, "Mixed");
        var one = await data.AddImageAsync(mixed);
        var two = await data.AddImageAsync(mixed);
        var stays = await data.AddImageAsync(mixed);

        var created = await data.Identities.SplitIdentityAsync(mixed, [one.Id, two.Id], "Other", TestUsers.Operator, None);

        Assert.Equal([one.Id, two.Id], (await data.Reader.GetIdentityAsync(created, None))!.Images.Select(i => i.Id).Order());
        Assert.Equal([stays.Id], (await data.Reader.GetIdentityAsync(mixed, None))!.Images.Select(i => i.Id));
        Assert.Equal("split", (await data.Activity.LatestAsync(gallery, 1, None))[0].Action);
    }

    [Fact]
    public async Task TagIdentitiesAsync_ThenSearchByTag_FindsTaggedIdentitiesOnly()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "Anne");
        var b = await data.AddIdentityAsync(gallery, "Beth");
        await data.AddIdentityAsync(gallery, "Carl");

        await data.Identities.TagIdentitiesAsync([a, b], ["age:60+"], [], TestUsers.Operator, None);

        Assert.Equal(["Anne", "Beth"], (await data.Reader.ListIdentitiesAsync(gallery, "AGE:60", None)).Select(i => i.Name));
        Assert.Equal(["Carl"], (await data.Reader.ListIdentitiesAsync(gallery, "car", None)).Select(i => i.Name));
        // LIKE wildcards in the search are taken literally.
        Assert.Empty(await data.Reader.ListIdentitiesAsync(gallery, "%", None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\u0001name")]
    public async Task CreateIdentityAsync_BadName_ThrowsClearError(string name)
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");

        await Assert.ThrowsAsync<GalleryException>(() => data.Identities.CreateIdentityAsync(gallery, name, TestUsers.Operator, None));
    }
}

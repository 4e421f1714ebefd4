using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;

namespace FacePortal.Tests.Web.Features.Galleries;

public class CurationServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed record Seeded(int Gallery, int Ann, int Bob, int Mislabelled);

    // Ann (3 images) and Bob (3 images), plus Bob's face filed under Ann.
    private static async Task<Seeded> SeedAsync(PortalTestDatabase data)
    {
        var gallery = await data.AddGalleryAsync("g");
        var ann = await data.AddIdentityAsync(gallery, "Ann");
        var bob = await data.AddIdentityAsync(gallery, "Bob");
        await data.AddImageAsync(ann, null, "ann1.jpg", PortalTestDatabase.Face([1, 0, 0]));
        await data.AddImageAsync(ann, null, "ann2.jpg", PortalTestDatabase.Face([0.9f, 0.1f, 0]));
        await data.AddImageAsync(ann, null, "ann3.jpg", PortalTestDatabase.Face([0.95f, 0, 0.1f]));
        await data.AddImageAsync(bob, null, "bob1.jpg", PortalTestDatabase.Face([0, 1, 0]));
        await data.AddImageAsync(bob, null, "bob2.jpg", PortalTestDatabase.Face([0.1f, 0.9f, 0]));
        await data.AddImageAsync(bob, null, "bob3.jpg", PortalTestDatabase.Face([0, 0.95f, 0.1f]));
        var wrong = await data.AddImageAsync(ann, null, "really-bob.jpg", PortalTestDatabase.Face([0.05f, 1, 0.05f]));
        return new Seeded(gallery, ann, bob, wrong.Id);
    }

    [Fact]
    public async Task FindMislabelsAsync_BobFiledUnderAnn_ListedWithBothIdentities()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var s = await SeedAsync(data);

        var suspect = Assert.Single(await data.Curation.FindMislabelsAsync(s.Gallery, None));

        Assert.Equal((s.Mislabelled, "really-bob.jpg", "Ann", "Bob"), (suspect.ImageId, suspect.OriginalName, suspect.IdentityName, suspect.OtherIdentityName));
        Assert.Equal(3, suspect.OtherSamples.Count);
        Assert.Equal(64, suspect.ContentHash.Length);
    }

    [Fact]
    public async Task MoveSuspectAsync_ThenSearchAgain_NothingLeftAndMoveRecorded()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var s = await SeedAsync(data);

        await data.Curation.MoveSuspectAsync(s.Mislabelled, s.Bob, TestUsers.Operator, None);

        Assert.Empty(await data.Curation.FindMislabelsAsync(s.Gallery, None));
        Assert.Contains((await data.Reader.GetIdentityAsync(s.Bob, None))!.Images, i => i.Id == s.Mislabelled);
        Assert.Equal("move", (await data.Activity.LatestAsync(s.Gallery, 1, None))[0].Action);
    }

    [Fact]
    public async Task DismissMislabelAsync_Suspect_NotListedAgainAndRecorded()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var s = await SeedAsync(data);

        await data.Curation.DismissMislabelAsync(s.Mislabelled, TestUsers.Operator, None);

        Assert.Empty(await data.Curation.FindMislabelsAsync(s.Gallery, None));
        var image = (await data.Reader.GetIdentityAsync(s.Ann, None))!.Images.Single(i => i.Id == s.Mislabelled);
        Assert.Contains(CurationService.MislabelDismissedTag, image.Tags);
        Assert.Equal("dismiss-mislabel", (await data.Activity.LatestAsync(s.Gallery, 1, None))[0].Action);
    }

    [Fact]
    public async Task DismissMislabelAsync_Viewer_Unauthorized()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var s = await SeedAsync(data);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => data.Curation.DismissMislabelAsync(s.Mislabelled, TestUsers.Viewer, None));
        Assert.Single(await data.Curation.FindMislabelsAsync(s.Gallery, None));
    }

    [Fact]
    public async Task FindMislabelsAsync_ExcludedSuspect_NotListed()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var s = await SeedAsync(data);

        await data.GalleryImages.SetExcludedAsync([s.Mislabelled], true, TestUsers.Operator, None);

        Assert.Empty(await data.Curation.FindMislabelsAsync(s.Gallery, None));
    }

    [Fact]
    public async Task FindDuplicatesAsync_SameFileTwiceAndNearFace_ExactAcrossIdentitiesThenNear()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var other = await data.AddGalleryAsync("other");
        var ann = await data.AddIdentityAsync(gallery, "Ann");
        var bob = await data.AddIdentityAsync(gallery, "Bob");
        var elsewhere = await data.AddIdentityAsync(other, "Ann");
        var bytes = data.UniqueBytes();
        var original = await data.AddImageAsync(ann, bytes, "a.jpg", PortalTestDatabase.Face([1, 0]));
        var copy = await data.AddImageAsync(bob, bytes, "copy.jpg", PortalTestDatabase.Face([1, 0]));
        var resaved = await data.AddImageAsync(ann, null, "a-small.jpg", PortalTestDatabase.Face([1, 0.1f]));
        await data.AddImageAsync(bob, null, "b.jpg", PortalTestDatabase.Face([0, 1]));
        // The same file in another gallery is not this gallery's duplicate.
        await data.AddImageAsync(elsewhere, bytes, "a.jpg", PortalTestDatabase.Face([1, 0]));

        var pairs = await data.Curation.FindDuplicatesAsync(gallery, None);

        Assert.Equal(3, pairs.Count);
        var exact = pairs[0];
        Assert.Equal((original.Id, copy.Id, true, "Ann", "Bob", false), (exact.ImageA, exact.ImageB, exact.Exact, exact.IdentityNameA, exact.IdentityNameB, exact.SameIdentity));
        Assert.Equal(exact.HashA, exact.HashB);
        Assert.All(pairs.Skip(1), p => Assert.False(p.Exact));
        Assert.Contains(pairs, p => !p.Exact && p.ImageA == original.Id && p.ImageB == resaved.Id && p.SameIdentity);
        Assert.Contains(pairs, p => !p.Exact && p.ImageA == copy.Id && p.ImageB == resaved.Id && !p.SameIdentity);
    }

    [Fact]
    public async Task DismissDuplicateAsync_NearPair_NeverListedAgainButTheExactCopyStays()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var ann = await data.AddIdentityAsync(gallery, "Ann");
        var bytes = data.UniqueBytes();
        var original = await data.AddImageAsync(ann, bytes, "a.jpg", PortalTestDatabase.Face([1, 0]));
        var copy = await data.AddImageAsync(ann, bytes, "copy.jpg", PortalTestDatabase.Face([1, 0]));
        var other = await data.AddImageAsync(ann, null, "a-other-day.jpg", PortalTestDatabase.Face([1, 0.1f]));
        Assert.Equal(3, (await data.Curation.FindDuplicatesAsync(gallery, None)).Count);

        // Answered in either order, twice, and by two editors at once: one remembered answer, one activity entry.
        await Task.WhenAll(
            data.Curation.DismissDuplicateAsync(other.Id, original.Id, TestUsers.Operator, None),
            data.Curation.DismissDuplicateAsync(original.Id, other.Id, TestUsers.User("admin@test.local", FacePortal.Web.Platform.Auth.Roles.Admin), None));
        await data.Curation.DismissDuplicateAsync(copy.Id, other.Id, TestUsers.Operator, None);
        await data.Curation.DismissDuplicateAsync(original.Id, copy.Id, TestUsers.Operator, None);

        var pairs = await data.Curation.FindDuplicatesAsync(gallery, None);
        var exact = Assert.Single(pairs);
        Assert.True(exact.Exact);
        await using var db = data.CreateDbContext();
        Assert.Equal(3, db.CurationDismissals.Count());
        Assert.Equal(3, db.Activity.Count(a => a.Action == "dismiss-duplicate"));
        Assert.True(db.CurationDismissals.All(d => d.ImageA < d.ImageB));
    }

    [Fact]
    public async Task FindDuplicatesAsync_OperatorsDistance_FollowsIt()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var ann = await data.AddIdentityAsync(gallery, "Ann");
        await data.AddImageAsync(ann, null, "a.jpg", PortalTestDatabase.Face([1, 0]));
        await data.AddImageAsync(ann, null, "b.jpg", PortalTestDatabase.Face([1, 0.2f]));

        Assert.Single(await data.Curation.FindDuplicatesAsync(gallery, 0.25, None));
        Assert.Empty(await data.Curation.FindDuplicatesAsync(gallery, 0.1, None));
        await Assert.ThrowsAsync<GalleryException>(() => data.Curation.FindDuplicatesAsync(gallery, double.NaN, None));
        await Assert.ThrowsAsync<GalleryException>(() => data.Curation.FindDuplicatesAsync(gallery, -1, None));
    }

    [Fact]
    public async Task DismissDuplicateAsync_ViewerOrImagesOfTwoGalleries_Refused()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var g1 = await data.AddIdentityAsync(await data.AddGalleryAsync("g1"), "Ann");
        var g2 = await data.AddIdentityAsync(await data.AddGalleryAsync("g2"), "Ann");
        var a = await data.AddImageAsync(g1, null, "a.jpg", PortalTestDatabase.Face([1, 0]));
        var b = await data.AddImageAsync(g2, null, "b.jpg", PortalTestDatabase.Face([1, 0]));
        var c = await data.AddImageAsync(g1, null, "c.jpg", PortalTestDatabase.Face([1, 0]));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => data.Curation.DismissDuplicateAsync(a.Id, c.Id, TestUsers.Viewer, None));
        await Assert.ThrowsAsync<GalleryException>(() => data.Curation.DismissDuplicateAsync(a.Id, b.Id, TestUsers.Operator, None));
        await Assert.ThrowsAsync<GalleryException>(() => data.Curation.DismissDuplicateAsync(a.Id, a.Id, TestUsers.Operator, None));
        await Assert.ThrowsAsync<GalleryException>(() => data.Curation.DismissDuplicateAsync(a.Id, 999_999, TestUsers.Operator, None));
    }
}

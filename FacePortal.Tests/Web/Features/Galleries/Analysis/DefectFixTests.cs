using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using Microsoft.EntityFrameworkCore;
using static FacePortal.Tests.Web.Features.Galleries.Analysis.AnalysisGalleries;

namespace FacePortal.Tests.Web.Features.Galleries.Analysis;

/// <summary>Each defect planted in a small real gallery: found by the stored analysis, fixed in one call, undone from the activity log.</summary>
public class DefectFixTests
{
    [Fact]
    public async Task CleanGallery_NoDefectsAtAll()
    {
        await using var data = await CreateAsync();
        var gallery = await data.AddGalleryAsync("clean");
        await PeopleAsync(data, gallery, 6, 4);
        await data.ComputeAsync(gallery);

        var report = await data.Stored().DefectsAsync(gallery, None);

        Assert.NotNull(report);
        Assert.Equal(0, report.Count);
        Assert.Empty((await data.Stored().MislabelsAsync(gallery, None)).Suspects!);
        Assert.Empty((await data.Stored().DuplicatesAsync(gallery, 0.25, None)).Pairs!);
    }

    [Fact]
    public async Task Wolf_ImageNearAnotherIdentity_ListedExcludedAndUndone()
    {
        await using var data = await CreateAsync();
        var gallery = await data.AddGalleryAsync("zoo");
        var people = await PeopleAsync(data, gallery, 6, 4);
        var wolf = await data.AddIdentityAsync(gallery, "Wolf");
        for (var i = 0; i < 3; i++)
        {
            await data.AddImageAsync(wolf, null, $"wolf{i}.jpg", PortalTestDatabase.Face(Vec(7, i)));
        }
        // Filed under Wolf, it matches all four faces of P2.
        var culprit = await data.AddImageAsync(wolf, null, "wolf-like-p2.jpg", PortalTestDatabase.Face(Vec(2, 7)));
        await data.ComputeAsync(gallery);

        var zoo = (await data.Stored().DefectsAsync(gallery, None))!.Zoo;
        var member = Assert.Single(zoo, z => z.IdentityId == wolf);
        Assert.Equal((4, 4, culprit.Id), (member.Faces, member.FalseMatches, member.Worst.ImageId));
        Assert.True(member.Factor >= 3);
        Assert.All(member.Evidence, e => Assert.Equal("P2", e.B.IdentityName));
        Assert.Contains(zoo, z => z.IdentityId == people[2]);

        await data.Fixes().ExcludeAsync(member.Worst.ImageId, TestUsers.Operator, None);

        Assert.DoesNotContain((await data.Stored().DefectsAsync(gallery, None))!.Zoo, z => z.IdentityId == wolf);
        var entry = await data.LatestEntryAsync(gallery);
        Assert.Equal("exclude", entry.Action);
        await data.Undo().UndoAsync(entry.Id, confirmed: true, TestUsers.Operator, None);
        Assert.Contains((await data.Stored().DefectsAsync(gallery, None))!.Zoo, z => z.IdentityId == wolf);
    }

    [Fact]
    public async Task TwoPeopleUnderOneName_SplitIntoTheTwoClustersAndUndone()
    {
        await using var data = await CreateAsync();
        var gallery = await data.AddGalleryAsync("mixed");
        await PeopleAsync(data, gallery, 4, 4);
        var mixed = await data.AddIdentityAsync(gallery, "Mixed");
        var first = new List<int>();
        var second = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            first.Add((await data.AddImageAsync(mixed, null, $"m1_{i}.jpg", PortalTestDatabase.Face(Vec(5, i)))).Id);
            second.Add((await data.AddImageAsync(mixed, null, $"m2_{i}.jpg", PortalTestDatabase.Face(Vec(6, i)))).Id);
        }
        await data.ComputeAsync(gallery);

        var defect = Assert.Single((await data.Stored().DefectsAsync(gallery, None))!.Mixed);
        Assert.Equal((mixed, "Mixed", 2), (defect.IdentityId, defect.Name, defect.Groups.Count));
        Assert.True(defect.Closest.Distance > 0.6);

        var created = await data.Fixes().SplitAsync(defect, TestUsers.Operator, None);

        await using (var db = data.CreateDbContext())
        {
            var moved = await db.Images.Where(i => i.IdentityId == created).Select(i => i.Id).OrderBy(i => i).ToListAsync();
            Assert.True(moved.SequenceEqual(first) || moved.SequenceEqual(second), "the new identity holds exactly one cluster");
            Assert.Equal("Mixed (2)", (await db.Identities.FindAsync(created))!.Name);
        }
        Assert.Empty((await data.Stored().DefectsAsync(gallery, None))!.Mixed);
        var entry = await data.LatestEntryAsync(gallery);
        Assert.Equal("split", entry.Action);
        await data.Undo().UndoAsync(entry.Id, confirmed: true, TestUsers.Operator, None);
        await using (var db = data.CreateDbContext())
        {
            Assert.Equal(6, await db.Images.CountAsync(i => i.IdentityId == mixed));
            Assert.False(await db.Identities.AnyAsync(i => i.Id == created));
        }
        Assert.Single((await data.Stored().DefectsAsync(gallery, None))!.Mixed);
    }

    [Fact]
    public async Task OnePersonUnderTwoNames_SmallerMergedIntoLargerAndUndone()
    {
        await using var data = await CreateAsync();
        var gallery = await data.AddGalleryAsync("names");
        await PeopleAsync(data, gallery, 4, 4);
        var larger = await data.AddIdentityAsync(gallery, "Alice Smith");
        var smaller = await data.AddIdentityAsync(gallery, "A. Smith");
        for (var i = 0; i < 3; i++)
        {
            await data.AddImageAsync(larger, null, $"alice{i}.jpg", PortalTestDatabase.Face(Vec(5, i)));
        }
        for (var i = 3; i < 5; i++)
        {
            await data.AddImageAsync(smaller, null, $"asmith{i}.jpg", PortalTestDatabase.Face(Vec(5, i)));
        }
        await data.ComputeAsync(gallery);

        var defect = Assert.Single((await data.Stored().DefectsAsync(gallery, None))!.DuplicateNames);
        Assert.Equal((smaller, larger, 2, 3), (defect.SourceId, defect.TargetId, defect.SourceImages, defect.TargetImages));
        Assert.True(defect.CentroidDistance < 0.6);

        await data.Fixes().MergeAsync(defect, TestUsers.Operator, None);

        await using (var db = data.CreateDbContext())
        {
            Assert.Equal(5, await db.Images.CountAsync(i => i.IdentityId == larger));
            Assert.False(await db.Identities.AnyAsync(i => i.Id == smaller));
        }
        Assert.Empty((await data.Stored().DefectsAsync(gallery, None))!.DuplicateNames);
        var entry = await data.LatestEntryAsync(gallery);
        Assert.Equal("merge", entry.Action);
        await data.Undo().UndoAsync(entry.Id, confirmed: true, TestUsers.Operator, None);
        await using (var db = data.CreateDbContext())
        {
            Assert.Equal(2, await db.Images.CountAsync(i => i.IdentityId == smaller));
        }
        Assert.Single((await data.Stored().DefectsAsync(gallery, None))!.DuplicateNames);
    }

    [Fact]
    public async Task SamePhotoConflict_TwoFacesOfOneFileUnderOneName_OneExcludedAndUndone()
    {
        await using var data = await CreateAsync();
        var gallery = await data.AddGalleryAsync("photo");
        await PeopleAsync(data, gallery, 4, 4);
        var group = await data.AddIdentityAsync(gallery, "Carol");
        await data.AddImageAsync(group, null, "carol0.jpg", PortalTestDatabase.Face(Vec(5, 0)));
        await data.AddImageAsync(group, null, "carol1.jpg", PortalTestDatabase.Face(Vec(5, 1)));
        var photo = data.UniqueBytes();
        // One group photo imported twice under Carol, standing once for its left face and once for its right.
        var left = await data.AddImageAsync(group, photo, "party.jpg", PortalTestDatabase.Face(Vec(5, 2), 0), PortalTestDatabase.Face(Vec(6, 0), 1));
        var right = await data.AddImageAsync(group, photo, "party-again.jpg", PortalTestDatabase.Face(Vec(6, 0), 1), PortalTestDatabase.Face(Vec(5, 2), 0));
        await data.ComputeAsync(gallery);

        var conflict = Assert.Single((await data.Stored().DefectsAsync(gallery, None))!.SamePhoto);
        Assert.Equal([left.Id, right.Id], conflict.Faces.Select(f => f.ImageId).Order());
        Assert.Equal([0, 1], conflict.Faces.Select(f => f.FaceIndex).Order());

        await data.Fixes().ExcludeAsync(right.Id, TestUsers.Operator, None);

        Assert.Empty((await data.Stored().DefectsAsync(gallery, None))!.SamePhoto);
        await data.Undo().UndoAsync((await data.LatestEntryAsync(gallery)).Id, confirmed: true, TestUsers.Operator, None);
        Assert.Single((await data.Stored().DefectsAsync(gallery, None))!.SamePhoto);
    }

    [Fact]
    public async Task HarmfulTemplate_BlurredOutlier_ListedWithItsFnmrAndExcluded()
    {
        await using var data = await CreateAsync();
        var gallery = await data.AddGalleryAsync("harm");
        await PeopleAsync(data, gallery, 5, 4);
        var hana = await data.AddIdentityAsync(gallery, "Hana");
        for (var i = 0; i < 4; i++)
        {
            await data.AddImageAsync(hana, null, $"hana{i}.jpg", PortalTestDatabase.Face(Vec(6, i)));
        }
        var blurred = PortalTestDatabase.Face(Vec(6, 5, 0.9f));
        blurred.Sharpness = 3;
        var bad = await data.AddImageAsync(hana, null, "hana-blurred.jpg", blurred);
        await data.ComputeAsync(gallery);

        var harmful = Assert.Single((await data.Stored().DefectsAsync(gallery, None))!.Harmful);
        Assert.Equal((bad.Id, hana, 3.0), (harmful.Image.ImageId, harmful.IdentityId, harmful.Quality));
        Assert.Equal(0.4, harmful.FnmrBefore, 6);
        Assert.Equal(0, harmful.FnmrAfter, 6);

        await data.Fixes().ExcludeAsync(bad.Id, TestUsers.Operator, None);

        Assert.Empty((await data.Stored().DefectsAsync(gallery, None))!.Harmful);
        Assert.Equal("exclude", (await data.LatestEntryAsync(gallery)).Action);
    }

    [Fact]
    public async Task NotADefect_RemembersTheAnswerAcrossAnalyses_BadKeysAndViewersRefused()
    {
        await using var data = await CreateAsync();
        var gallery = await data.AddGalleryAsync("names");
        await PeopleAsync(data, gallery, 3, 4);
        var a = await data.AddIdentityAsync(gallery, "Twin A");
        var b = await data.AddIdentityAsync(gallery, "Twin B");
        await data.AddImageAsync(a, null, "a.jpg", PortalTestDatabase.Face(Vec(5, 0)));
        await data.AddImageAsync(b, null, "b.jpg", PortalTestDatabase.Face(Vec(5, 1)));
        await data.ComputeAsync(gallery);
        var defect = Assert.Single((await data.Stored().DefectsAsync(gallery, None))!.DuplicateNames);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => data.Fixes().DismissAsync(gallery, defect.Key, TestUsers.Viewer, None));
        await Assert.ThrowsAsync<GalleryException>(() => data.Fixes().DismissAsync(gallery, "zoo:abc", TestUsers.Operator, None));
        await data.Fixes().DismissAsync(gallery, defect.Key, TestUsers.Operator, None);
        await data.Fixes().DismissAsync(gallery, defect.Key, TestUsers.Operator, None);
        await data.ComputeAsync(gallery);

        Assert.Empty((await data.Stored().DefectsAsync(gallery, None))!.DuplicateNames);
        await using var db = data.CreateDbContext();
        Assert.Equal(1, await db.DefectDismissals.CountAsync());
        Assert.Equal(1, await db.Activity.CountAsync(e => e.Action == "dismiss-defect"));
    }
}

using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Galleries;

/// <summary>Undo of recorded curation changes over a real database, and the activity list's Undo buttons.</summary>
public class CurationUndoTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static CurationUndo Undo(PortalTestDatabase data) => data.Services.GetRequiredService<CurationUndo>();

    private static async Task<ActivityEntry> LatestAsync(PortalTestDatabase data, string action) =>
        (await data.Activity.LatestAsync(null, 50, None)).First(e => e.Action == action);

    private static async Task<(int Identity, bool Excluded)> ImageAsync(PortalTestDatabase data, int imageId)
    {
        await using var db = data.CreateDbContext();
        var image = await db.Images.SingleAsync(i => i.Id == imageId);
        return (image.IdentityId, image.Excluded);
    }

    [Fact]
    public async Task UndoMerge_RecreatesSourceWithItsImagesNameAndTags()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var source = await data.AddIdentityAsync(gallery, "Bob", "cctv");
        var target = await data.AddIdentityAsync(gallery, "Robert", "female");
        var bobImage = await data.AddImageAsync(source);
        var robertImage = await data.AddImageAsync(target);
        await data.Identities.MergeIdentitiesAsync(source, target, TestUsers.Operator, None);
        Assert.Equal(target, (await ImageAsync(data, bobImage.Id)).Identity);

        var notes = await Undo(data).UndoAsync((await LatestAsync(data, "merge")).Id, false, TestUsers.Operator, None);

        Assert.Empty(notes);
        Assert.Equal(source, (await ImageAsync(data, bobImage.Id)).Identity);
        Assert.Equal(target, (await ImageAsync(data, robertImage.Id)).Identity);
        await using var db = data.CreateDbContext();
        var identities = await db.Identities.OrderBy(i => i.Id).ToListAsync();
        Assert.Equal([("Bob", "cctv"), ("Robert", "female")], identities.Select(i => (i.Name, string.Join(",", i.Tags))));
        Assert.Equal(source, identities[0].Id);
        var merge = await db.Activity.SingleAsync(a => a.Action == "merge");
        var undo = await db.Activity.SingleAsync(a => a.Action == "undo");
        Assert.Equal(undo.Id, merge.UndoneBy);
        Assert.Contains($"entry {merge.Id}", undo.Details);
    }

    [Fact]
    public async Task UndoMoveExcludeRename_EachRestoresWhatItChanged()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var alice = await data.AddIdentityAsync(gallery, "Alice");
        var bob = await data.AddIdentityAsync(gallery, "Bob");
        var a1 = await data.AddImageAsync(alice);
        var a2 = await data.AddImageAsync(alice);
        await data.GalleryImages.MoveImagesAsync([a1.Id], bob, TestUsers.Operator, None);
        await data.GalleryImages.SetExcludedAsync([a2.Id], true, TestUsers.Operator, None);
        await data.Identities.RenameIdentityAsync(bob, "Robert", TestUsers.Operator, None);
        var undo = Undo(data);

        await undo.UndoAsync((await LatestAsync(data, "rename-identity")).Id, false, TestUsers.Operator, None);
        await undo.UndoAsync((await LatestAsync(data, "exclude")).Id, false, TestUsers.Operator, None);
        await undo.UndoAsync((await LatestAsync(data, "move")).Id, false, TestUsers.Operator, None);

        Assert.Equal((alice, false), await ImageAsync(data, a1.Id));
        Assert.Equal((alice, false), await ImageAsync(data, a2.Id));
        await using var db = data.CreateDbContext();
        Assert.Equal(["Alice", "Bob"], await db.Identities.OrderBy(i => i.Id).Select(i => i.Name).ToListAsync());
        Assert.Equal(3, await db.Activity.CountAsync(a => a.Action == "undo"));
    }

    [Fact]
    public async Task UndoSplit_ImagesGoBackAndTheNewIdentityGoes()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var alice = await data.AddIdentityAsync(gallery, "Alice");
        var a1 = await data.AddImageAsync(alice);
        await data.AddImageAsync(alice);
        var created = await data.Identities.SplitIdentityAsync(alice, [a1.Id], "Alice 2", TestUsers.Operator, None);

        await Undo(data).UndoAsync((await LatestAsync(data, "split")).Id, false, TestUsers.Operator, None);

        Assert.Equal(alice, (await ImageAsync(data, a1.Id)).Identity);
        await using var db = data.CreateDbContext();
        Assert.False(await db.Identities.AnyAsync(i => i.Id == created));
    }

    [Fact]
    public async Task UndoOldMove_LaterMoveOfSameImage_WarnsAndNeedsConfirmation()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var alice = await data.AddIdentityAsync(gallery, "Alice");
        var bob = await data.AddIdentityAsync(gallery, "Bob");
        var carol = await data.AddIdentityAsync(gallery, "Carol");
        var image = await data.AddImageAsync(alice);
        var other = await data.AddImageAsync(alice);
        await data.GalleryImages.MoveImagesAsync([image.Id], bob, TestUsers.Operator, None);
        var first = (await LatestAsync(data, "move")).Id;
        await data.GalleryImages.MoveImagesAsync([image.Id], carol, TestUsers.Operator, None);
        var second = (await LatestAsync(data, "move")).Id;
        await data.GalleryImages.MoveImagesAsync([other.Id], bob, TestUsers.Operator, None);
        var undo = Undo(data);

        var preview = await undo.PreviewAsync(first, None);
        var refused = await Assert.ThrowsAsync<GalleryException>(() => undo.UndoAsync(first, false, TestUsers.Operator, None));

        Assert.Null(preview.Refusal);
        Assert.Equal([$"image {image.Id} was changed again later by entry {second} (move)"], preview.Conflicts);
        Assert.Contains("confirm", refused.Message);
        Assert.Equal(carol, (await ImageAsync(data, image.Id)).Identity);
        // The newest move depends on nothing: no warning.
        Assert.Empty((await undo.PreviewAsync(second, None)).Conflicts);

        await undo.UndoAsync(first, true, TestUsers.Operator, None);

        Assert.Equal(alice, (await ImageAsync(data, image.Id)).Identity);
        Assert.Contains("already undone", (await undo.PreviewAsync(first, None)).Refusal);
    }

    [Fact]
    public async Task UndoDelete_IsRefusedWithAReason()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var alice = await data.AddIdentityAsync(gallery, "Alice");
        var image = await data.AddImageAsync(alice);
        await data.GalleryImages.DeleteImagesAsync([image.Id], TestUsers.Operator, None);

        var delete = (await LatestAsync(data, "delete-images")).Id;

        var e = await Assert.ThrowsAsync<GalleryException>(() => Undo(data).UndoAsync(delete, true, TestUsers.Operator, None));

        Assert.Contains("cannot be undone", e.Message);
    }

    [Fact]
    public async Task ActivityList_UndoOldMove_ShowsConflictThenUndoesOnConfirm()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var alice = await data.AddIdentityAsync(gallery, "Alice");
        var bob = await data.AddIdentityAsync(gallery, "Bob");
        var carol = await data.AddIdentityAsync(gallery, "Carol");
        var image = await data.AddImageAsync(alice);
        await data.GalleryImages.MoveImagesAsync([image.Id], bob, TestUsers.Operator, None);
        await data.GalleryImages.MoveImagesAsync([image.Id], carol, TestUsers.Operator, None);
        var gone = await data.AddImageAsync(alice);
        await data.GalleryImages.DeleteImagesAsync([gone.Id], TestUsers.Operator, None);
        await using var ctx = PortalTestContext.Create(Roles.Operator, s =>
        {
            data.AddPageServices(s);
            s.AddSingleton(data.Activity);
            s.AddSingleton(Undo(data));
        });

        var cut = ctx.Render<ActivityList>(p => p.Add(l => l.GalleryId, gallery));

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=activity-entry]").Count));
        Assert.Single(cut.FindAll("[data-testid=not-undoable]"));
        var undoButtons = cut.FindAll("button[data-testid=undo]");
        Assert.Equal(2, undoButtons.Count);
        // Newest first: the last button is the first move.
        undoButtons[^1].Click();
        cut.WaitForAssertion(() => Assert.Contains($"image {image.Id} was changed again later", cut.Find("[data-testid=undo-conflict]").TextContent));
        Assert.Equal(carol, (await ImageAsync(data, image.Id)).Identity);

        cut.Find("button[data-testid=undo-confirm-button]").Click();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=activity-entry]").Count));
        Assert.Empty(cut.FindAll("[data-testid=undo-confirm]"));
        Assert.Equal(alice, (await ImageAsync(data, image.Id)).Identity);
        Assert.Contains("undone (entry", cut.Markup);
    }

    [Fact]
    public async Task ActivityList_Viewer_SeesNoUndo()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var alice = await data.AddIdentityAsync(gallery, "Alice");
        await data.Identities.RenameIdentityAsync(alice, "Alicia", TestUsers.Operator, None);
        await using var ctx = PortalTestContext.Create(Roles.Viewer, s =>
        {
            s.AddSingleton(data.Activity);
            s.AddSingleton(Undo(data));
        });

        var cut = ctx.Render<ActivityList>(p => p.Add(l => l.GalleryId, gallery));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=activity-entry]")));
        Assert.Empty(cut.FindAll("button[data-testid=undo]"));
    }
}

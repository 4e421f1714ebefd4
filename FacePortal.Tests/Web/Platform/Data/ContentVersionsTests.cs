using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Search;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Platform.Data;

/// <summary>
/// The gallery versions 1:N search reads by primary key: every write path that changes what an index holds moves
/// them, in the same transaction; reads and unrelated writes do not; descriptors of one model do not move another's.
/// </summary>
public class ContentVersionsTests
{
    private const string Model = "test-model";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task GalleryServices_EveryKindOfChange_MovesOnlyThatGallerysVersion()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var other = await data.AddGalleryAsync("other");
        var a = await data.AddIdentityAsync(gallery, "A");
        var b = await data.AddIdentityAsync(gallery, "B");
        var c = await data.AddIdentityAsync(gallery, "C");
        var untouched = await ReadAsync(data, other);
        var one = await data.AddImageAsync(a, faces: [PortalTestDatabase.Face([1, 0]), PortalTestDatabase.Face([0, 1], index: 1)]);
        var two = await data.AddImageAsync(a, faces: PortalTestDatabase.Face([1, 1]));
        var three = await data.AddImageAsync(b, faces: PortalTestDatabase.Face([2, 1]));
        var user = TestUsers.Operator;

        var changes = new (string Name, Func<Task> Change)[]
        {
            ("import", () => data.AddImageAsync(c, faces: PortalTestDatabase.Face([3, 3]))),
            ("exclude", () => data.GalleryImages.SetExcludedAsync([two.Id], true, user, None)),
            ("include again", () => data.GalleryImages.SetExcludedAsync([two.Id], false, user, None)),
            ("move", () => data.GalleryImages.MoveImagesAsync([two.Id], b, user, None)),
            ("primary face", () => data.GalleryImages.SetPrimaryFaceAsync(one.Id, 1, user, None)),
            ("rename", () => data.Identities.RenameIdentityAsync(b, "B2", user, None)),
            ("split", () => data.Identities.SplitIdentityAsync(b, [three.Id], "D", user, None)),
            ("merge", () => data.Identities.MergeIdentitiesAsync(c, a, user, None)),
            ("delete image", () => data.GalleryImages.DeleteImagesAsync([two.Id], user, None)),
            ("delete identity", () => data.Identities.DeleteIdentityAsync(b, user, None)),
        };
        foreach (var (name, change) in changes)
        {
            var before = await ReadAsync(data, gallery);
            await change();
            var after = await ReadAsync(data, gallery);
            Assert.True(after.IsNewerThan(before), $"{name}: {before} -> {after}");
        }
        Assert.Equal(untouched, await ReadAsync(data, other));
    }

    [Fact]
    public async Task SaveChanges_EntityChangesWithoutActivityEntry_MoveTheVersion()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var image = await data.AddImageAsync(a, faces: [PortalTestDatabase.Face([1, 0]), PortalTestDatabase.Face([0, 1], index: 1)]);

        await AssertMovesAsync(data, gallery, async db => (await db.Images.SingleAsync(i => i.Id == image.Id)).Excluded = true);
        await AssertMovesAsync(data, gallery, async db => (await db.Images.SingleAsync(i => i.Id == image.Id)).PrimaryFaceIndex = 1);
        await AssertMovesAsync(data, gallery, async db => (await db.Identities.SingleAsync(i => i.Id == a)).Name = "A2");
        // A face alone (its image not loaded): found through the face's image.
        await AssertMovesAsync(data, gallery, async db => db.Faces.Remove(await db.Faces.FirstAsync(f => f.ImageId == image.Id && f.Index == 1)));
        // The synchronous save too.
        var before = await ReadAsync(data, gallery);
        using (var db = data.CreateDbContext())
        {
            db.Images.Single(i => i.Id == image.Id).Excluded = false;
            db.SaveChanges();
        }
        Assert.True((await ReadAsync(data, gallery)).IsNewerThan(before));
    }

    [Fact]
    public async Task SaveChanges_BulkStatementMarked_MovesTheVersion()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var b = await data.AddIdentityAsync(gallery, "B");
        await data.AddImageAsync(a, faces: PortalTestDatabase.Face([1, 0]));
        var before = await ReadAsync(data, gallery);

        await using (var db = data.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Images.Where(i => i.IdentityId == a).ExecuteUpdateAsync(s => s.SetProperty(i => i.IdentityId, b));
            db.MarkContentChanged(gallery);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        Assert.True((await ReadAsync(data, gallery)).IsNewerThan(before));
    }

    [Fact]
    public async Task StoreAsync_Descriptors_MoveOnlyTheirModelsVersion()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var image = await data.AddImageAsync(a, faces: PortalTestDatabase.Face([1, 0]));
        var faceId = image.Faces[0].Id;
        var first = await ReadAsync(data, gallery);
        var otherModelBefore = await ReadAsync(data, gallery, "other-model");

        // Embedding with another model: that model's version moves, this model's (and its indexes) stay.
        await using (var db = data.CreateDbContext())
        {
            await FaceDescriptors.StoreAsync(db, "other-model", [(faceId, [5f, 5f])], DateTimeOffset.UtcNow, None);
        }
        Assert.Equal(first, await ReadAsync(data, gallery));
        var embedded = await ReadAsync(data, gallery, "other-model");
        Assert.True(embedded.IsNewerThan(otherModelBefore));
        Assert.Equal(first.Content, embedded.Content);

        // Re-embedding this model (the row replaced) moves this model's version.
        await using (var db = data.CreateDbContext())
        {
            await FaceDescriptors.StoreAsync(db, Model, [(faceId, [2f, 0f])], DateTimeOffset.UtcNow, None);
        }
        Assert.True((await ReadAsync(data, gallery)).IsNewerThan(first));
    }

    [Fact]
    public async Task SaveChanges_ReadsAndUnrelatedWrites_LeaveTheVersion()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        await data.AddImageAsync(a, faces: PortalTestDatabase.Face([1, 0]));
        var before = await ReadAsync(data, gallery);

        Assert.NotNull(await data.Reader.GetIdentityAsync(a, None));
        await using (var db = data.CreateDbContext())
        {
            // Loaded and tracked, but unchanged; then a write to a table no index reads.
            _ = await db.Images.Include(i => i.Faces).ThenInclude(f => f.Descriptors).ToListAsync();
            db.GalleryAnalyses.Add(new GalleryAnalysis { GalleryId = gallery, Model = Model, Version = before.Token, Json = "{}" });
            await db.SaveChangesAsync();
        }
        using var cache = new GalleryIndexCache(data, Microsoft.Extensions.Options.Options.Create(new IdentificationOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<GalleryIndexCache>.Instance);
        await cache.GetAsync(gallery, Model, FacePortal.Engine.Recognition.DistanceMetric.Euclidean, 2, None);

        Assert.Equal(before, await ReadAsync(data, gallery));
    }

    [Fact]
    public async Task SaveChanges_RolledBack_LeavesTheVersion()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var a = await data.AddIdentityAsync(gallery, "A");
        var before = await ReadAsync(data, gallery);

        await using (var db = data.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Identities.SingleAsync(i => i.Id == a)).Name = "renamed";
            await db.SaveChangesAsync();
            Assert.True((await GalleryVersion.ReadAsync(db, gallery, Model, None))!.IsNewerThan(before));
            await transaction.RollbackAsync();
        }

        Assert.Equal(before, await ReadAsync(data, gallery));
    }

    [Fact]
    public async Task ReadAsync_UnknownGallery_IsNull()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        await using var db = data.CreateDbContext();
        Assert.Null(await GalleryVersion.ReadAsync(db, 12345, Model, None));
    }

    private static async Task AssertMovesAsync(PortalTestDatabase data, int gallery, Func<PortalDbContext, Task> change)
    {
        var before = await ReadAsync(data, gallery);
        await using (var db = data.CreateDbContext())
        {
            await change(db);
            await db.SaveChangesAsync();
        }
        var after = await ReadAsync(data, gallery);
        Assert.True(after.IsNewerThan(before), $"{before} -> {after}");
    }

    private static async Task<GalleryVersion> ReadAsync(PortalTestDatabase data, int gallery, string model = Model)
    {
        await using var db = data.CreateDbContext();
        return await GalleryVersion.ReadAsync(db, gallery, model, None) ?? throw new InvalidOperationException("no gallery " + gallery);
    }
}

using FacePortal.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Identification;
using FacePortal.Web.Platform.Cluster;
using FacePortal.Web.Platform.Search;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Web.Platform.Cluster;

/// <summary>Shard loads from the portal's database: one snapshot, and no lock that a writer would wait for.</summary>
public class DatabaseShardSourceTests
{
    private const string Signature = "test-pipeline";

    [Fact]
    public async Task LoadAsync_WhileAWriteIsUncommitted_ReadsTheCommittedVersionWithoutWaiting()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        int gallery;
        GalleryVersion committed;
        await using (var db = data.CreateDbContext())
        {
            gallery = await GallerySeed.GalleryAsync(db, "g");
            await GallerySeed.ImageAsync(db, gallery, "ann", [1, 0], Signature);
            committed = (await GalleryVersion.ReadAsync(db, gallery, Signature, CancellationToken.None))!;
        }
        // A writer holding the write lock (an import mid-transaction).
        await using var writer = data.CreateDbContext();
        await using var transaction = await writer.Database.BeginTransactionAsync();
        await GallerySeed.ImageAsync(writer, gallery, "bob", [0, 1], Signature);

        var source = new DatabaseShardSource(data, NullLogger<DatabaseShardSource>.Instance);
        var load = source.LoadAsync(new ShardKey(gallery, 0, 1, DistanceMetric.Euclidean, 2, Signature), CancellationToken.None);
        var first = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.Same(load, first);
        var shard = await load;
        Assert.Equal(committed, shard.Version);
        Assert.Equal(1, shard.Index.Count);
        await transaction.RollbackAsync();
        shard.Index.Dispose();
    }
}

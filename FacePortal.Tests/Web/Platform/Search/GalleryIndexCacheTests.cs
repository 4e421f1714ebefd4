using FacePortal.Engine.Recognition;
using FacePortal.Engine.Search;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Identification;
using FacePortal.Web.Platform.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Web.Platform.Search;

public class GalleryIndexCacheTests
{
    private const string Signature = "test-pipeline";

    private static GalleryIndexCache Cache(PortalTestDatabase database, int approximateAbove = 0) =>
        new(database, Microsoft.Extensions.Options.Options.Create(new IdentificationOptions { ApproximateAbove = approximateAbove }), NullLogger<GalleryIndexCache>.Instance);

    [Fact]
    public async Task GetAsync_OnlyPrimaryNonExcludedFacesOfThePipeline_AreIndexed()
    {
        using var database = new PortalTestDatabase();
        await using var db = database.CreateDbContext();
        var gallery = await GallerySeed.GalleryAsync(db, "g");
        var other = await GallerySeed.GalleryAsync(db, "other");
        var kept = await GallerySeed.ImageAsync(db, gallery, "ann", [1, 0], Signature);
        await GallerySeed.ImageAsync(db, gallery, "ann", [0, 1], Signature, excluded: true);
        await GallerySeed.ImageAsync(db, gallery, "bob", [2, 0], "another-model");
        var group = await GallerySeed.ImageAsync(db, gallery, "bob", [3, 0], Signature, faces: 3, primary: 1);
        await GallerySeed.ImageAsync(db, other, "cy", [4, 0], Signature);
        using var cache = Cache(database);

        var index = await cache.GetAsync(gallery, Signature, DistanceMetric.Euclidean, 2, CancellationToken.None);

        Assert.Equal(2, index.Count);
        Assert.Equal(2, index.IdentityCount);
        var nearest = index.SearchExact([3, 0], 2);
        Assert.Equal(group.Id, index.ImageIdOf(nearest[0].Row));
        Assert.Equal(0, nearest[0].Distance, 6);
        Assert.Equal(kept.Id, index.ImageIdOf(nearest[1].Row));
    }

    [Fact]
    public async Task GetAsync_Unchanged_ReusesTheSnapshotAndChangedRebuilds()
    {
        using var database = new PortalTestDatabase();
        await using var db = database.CreateDbContext();
        var gallery = await GallerySeed.GalleryAsync(db, "g");
        var first = await GallerySeed.ImageAsync(db, gallery, "ann", [1, 0], Signature);
        using var cache = Cache(database);

        var a = await cache.GetAsync(gallery, Signature, DistanceMetric.Euclidean, 2, CancellationToken.None);
        var b = await cache.GetAsync(gallery, Signature, DistanceMetric.Euclidean, 2, CancellationToken.None);
        Assert.Same(a, b);
        Assert.Equal(1, cache.Builds);

        // An import adds an image: found at once.
        await GallerySeed.ImageAsync(db, gallery, "bob", [0, 5], Signature);
        var c = await cache.GetAsync(gallery, Signature, DistanceMetric.Euclidean, 2, CancellationToken.None);
        Assert.NotSame(b, c);
        Assert.Equal("bob", c.Identify([0, 5], 1, IdentityScoring.BestImage)[0].Identity);

        // A curation change (exclude) without new images or activity entry: the save itself moves the version.
        var image = await db.Images.SingleAsync(i => i.Id == first.Id);
        image.Excluded = true;
        await db.SaveChangesAsync();
        var d = await cache.GetAsync(gallery, Signature, DistanceMetric.Euclidean, 2, CancellationToken.None);
        Assert.Equal(1, d.Count);
        Assert.Equal(3, cache.Builds);
    }

    [Fact]
    public async Task GetAsync_UnknownGallery_ThrowsGalleryNotFound()
    {
        using var database = new PortalTestDatabase();
        using var cache = Cache(database);
        var ex = await Assert.ThrowsAsync<GalleryNotFoundException>(() => cache.GetAsync(99, Signature, DistanceMetric.Euclidean, 2, CancellationToken.None));
        Assert.Equal(99, ex.GalleryId);
    }

    [Fact]
    public async Task GetAsync_LargeGallery_AttachesAnApproximateIndexInTheBackground()
    {
        using var database = new PortalTestDatabase();
        await using var db = database.CreateDbContext();
        var gallery = await GallerySeed.GalleryAsync(db, "g");
        var (data, labels) = RandomDescriptors.Clustered(identities: 40, perIdentity: 5, dimensions: 16, seed: 3);
        for (var r = 0; r < data.Length; r++)
        {
            await GallerySeed.ImageAsync(db, gallery, $"p{labels[r]}", data[r], Signature);
        }
        using var cache = Cache(database, approximateAbove: 100);

        var index = await cache.GetAsync(gallery, Signature, DistanceMetric.Euclidean, 16, CancellationToken.None);
        for (var i = 0; i < 600 && index.Approximate is null; i++)
        {
            await Task.Delay(50);
        }

        Assert.NotNull(index.Approximate);
        Assert.True(index.UsesApproximate);
        Assert.InRange(index.Approximate.RecallAt10, 0.9, 1.0);
        var answer = index.Identify(data[7], 3, IdentityScoring.BestImage);
        Assert.Equal($"p{labels[7]}", answer[0].Identity);
        Assert.Equal(0, answer[0].Distance, 4);
    }
}

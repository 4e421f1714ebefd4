using FacePortal.Engine;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.PairSets;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.PairSets;

/// <summary>Generating, importing and deleting pair sets refuse a viewer and leave the database as it was.</summary>
public class PairSetServiceAuthorizationTests
{
    private const string PairsTxt = "1\t1\nP00\t1\t2\nP00\t1\tP01\t1\n";

    [Fact]
    public async Task Changes_Viewer_RefusedAndNothingChanged()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", [2, 2]);
        var generation = new PairSetGeneration(db, Microsoft.Extensions.Options.Options.Create(new FaceEngineOptions()), TimeProvider.System);
        var files = new PairSetFiles(db, TimeProvider.System);
        var catalog = new PairSetCatalog(db, TimeProvider.System);
        var set = await files.ImportAsync(gallery, PairsTxt, "pairs.txt", null, TestUsers.Operator, default);
        var viewer = TestUsers.Viewer;

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => generation.GenerateAsync(new GeneratePairSetRequest { GalleryId = gallery, Positives = 1 }, viewer, default));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => files.ImportAsync(gallery, PairsTxt, "pairs.txt", "again", viewer, default));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => catalog.DeleteAsync(set.Id, viewer, default));

        await using var c = db.CreateDbContext();
        Assert.Equal([set.Id], await c.PairSets.Select(s => s.Id).ToListAsync());
        Assert.Equal(["pairset-import"], await c.Activity.Select(a => a.Action).ToListAsync());
    }
}

using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.PairSets;

public class PairSetFilesTests
{
    private static PairSetFiles Service(PortalTestDatabase db) => new(db, TimeProvider.System);

    private static async Task<List<EvaluationPair>> PairsAsync(PortalTestDatabase db, int setId)
    {
        await using var c = db.CreateDbContext();
        return await c.EvaluationPairs.AsNoTracking().Include(p => p.ImageA!.Identity).Include(p => p.ImageB!.Identity).Where(p => p.PairSetId == setId).OrderBy(p => p.Ordinal).ToListAsync();
    }

    [Fact]
    public async Task ImportAsync_LfwPairsFile_ResolvesTheRightImages()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("lfw", [3, 2, 1, 2]);
        const string pairsTxt = "2\t1\nP00\t1\t3\nP01\t1\tP02\t1\nP03\t1\t2\nP00\t2\tP03\t2\n";

        var set = await Service(db).ImportAsync(gallery, pairsTxt, "pairs.txt", null, TestUsers.Operator, default);
        var pairs = await PairsAsync(db, set.Id);

        Assert.Equal((2, 2, 2), (set.Folds, set.Positives, set.Negatives));
        Assert.Equal(
            [("P00_0001.jpg", "P00_0003.jpg", true, 0), ("P01_0001.jpg", "P02_0001.jpg", false, 0), ("P03_0001.jpg", "P03_0002.jpg", true, 1), ("P00_0002.jpg", "P03_0002.jpg", false, 1)],
            pairs.Select(p => (Path.GetFileName(p.ImageA!.OriginalName), Path.GetFileName(p.ImageB!.OriginalName), p.Same, p.Fold)));
    }

    [Fact]
    public async Task ImportAsync_ImageNotInGallery_NamesIt()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("lfw", [2, 1]);

        var e = await Assert.ThrowsAsync<PairSetException>(() => Service(db).ImportAsync(gallery, "1\t1\nP00\t1\t2\nP00\t1\tP01\t7\n", "pairs.txt", null, TestUsers.Operator, default));

        Assert.Contains("P01/P01_0007.jpg", e.Message);
    }

    [Fact]
    public async Task ExportLfwAsync_ImportedSet_GivesTheSameFileBack()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("lfw", [3, 2, 1, 2]);
        const string pairsTxt = "2\t1\nP00\t1\t3\nP01\t1\tP02\t1\nP03\t1\t2\nP00\t2\tP03\t2\n";
        var service = Service(db);
        var set = await service.ImportAsync(gallery, pairsTxt, "pairs.txt", null, TestUsers.Operator, default);

        Assert.Equal(pairsTxt, await service.ExportLfwAsync(set.Id, default));
        Assert.Equal("fold,label,imageA,imageB\n0,1,P00/P00_0001.jpg,P00/P00_0003.jpg\n0,0,P01/P01_0001.jpg,P02/P02_0001.jpg\n1,1,P03/P03_0001.jpg,P03/P03_0002.jpg\n1,0,P00/P00_0002.jpg,P03/P03_0002.jpg\n",
            await service.ExportCsvAsync(set.Id, default));
    }
}

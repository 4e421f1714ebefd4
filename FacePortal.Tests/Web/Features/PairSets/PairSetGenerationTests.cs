using FacePortal.Engine;
using FacePortal.Engine.Evaluation;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.PairSets;

public class PairSetGenerationTests
{
    // 30 identities with 1..6 images: enough for 10 identity-disjoint folds.
    private static readonly int[] Sizes = [.. Enumerable.Range(0, 30).Select(i => 1 + (i % 6))];

    private static PairSetGeneration Service(PortalTestDatabase db) => new(db, Microsoft.Extensions.Options.Options.Create(new FaceEngineOptions()), TimeProvider.System);

    private static async Task<List<EvaluationPair>> PairsAsync(PortalTestDatabase db, int setId)
    {
        await using var c = db.CreateDbContext();
        return await c.EvaluationPairs.AsNoTracking().Include(p => p.ImageA!.Identity).Include(p => p.ImageB!.Identity).Where(p => p.PairSetId == setId).OrderBy(p => p.Ordinal).ToListAsync();
    }

    [Fact]
    public async Task GenerateAsync_SameSeedAndGallery_GivesTheSameSet()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", Sizes);
        var service = Service(db);

        var a = await service.GenerateAsync(new GeneratePairSetRequest { GalleryId = gallery, Positives = 40, Seed = 7 }, TestUsers.Operator, default);
        var b = await service.GenerateAsync(new GeneratePairSetRequest { GalleryId = gallery, Positives = 40, Seed = 7 }, TestUsers.Operator, default);
        var c = await service.GenerateAsync(new GeneratePairSetRequest { GalleryId = gallery, Positives = 40, Seed = 8 }, TestUsers.Operator, default);

        static IEnumerable<(int, int, bool, int)> Key(List<EvaluationPair> pairs) => pairs.Select(p => (p.ImageAId, p.ImageBId, p.Same, p.Fold));
        Assert.Equal(Key(await PairsAsync(db, a.Id)), Key(await PairsAsync(db, b.Id)));
        Assert.NotEqual(Key(await PairsAsync(db, a.Id)), Key(await PairsAsync(db, c.Id)));
    }

    [Fact]
    public async Task GenerateAsync_Defaults_BalancedPerFoldAndIdentityDisjoint()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", Sizes);

        var set = await Service(db).GenerateAsync(new GeneratePairSetRequest { GalleryId = gallery, Positives = 50 }, TestUsers.Operator, default);
        var pairs = await PairsAsync(db, set.Id);

        Assert.Equal(10, set.Folds);
        Assert.Equal(50, set.Positives);
        Assert.Equal(set.Positives, set.Negatives);
        foreach (var fold in pairs.GroupBy(p => p.Fold))
        {
            Assert.Equal(fold.Count(p => p.Same), fold.Count(p => !p.Same));
        }
        // Every identity lives in exactly one fold.
        var foldsOfIdentity = pairs.SelectMany(p => new[] { (p.ImageA!.IdentityId, p.Fold), (p.ImageB!.IdentityId, p.Fold) })
            .GroupBy(x => x.IdentityId).ToDictionary(g => g.Key, g => g.Select(x => x.Fold).Distinct().Count());
        Assert.All(foldsOfIdentity.Values, n => Assert.Equal(1, n));
        Assert.All(pairs, p => Assert.Equal(p.Same, p.ImageA!.IdentityId == p.ImageB!.IdentityId));
        Assert.Equal(pairs.Count, pairs.Select(p => (p.ImageAId, p.ImageBId)).Distinct().Count());
    }

    [Fact]
    public async Task GenerateAsync_Limits_AreHonoured()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", Sizes);
        // Exclude one image of the largest identity: it must never be used.
        int excluded;
        await using (var c = db.CreateDbContext())
        {
            var image = await c.Images.Where(i => i.Identity!.Name == "P05").OrderBy(i => i.Id).FirstAsync();
            image.Excluded = true;
            excluded = image.Id;
            await c.SaveChangesAsync();
        }

        var set = await Service(db).GenerateAsync(new GeneratePairSetRequest
        {
            GalleryId = gallery, Positives = 1000, Negatives = 60, Folds = 5, MaxPairsPerIdentity = 2, MinImagesPerIdentity = 3,
        }, TestUsers.Operator, default);
        var pairs = await PairsAsync(db, set.Id);

        Assert.DoesNotContain(pairs, p => p.ImageAId == excluded || p.ImageBId == excluded);
        // Identities with fewer than 3 usable images are not used at all.
        Assert.All(pairs, p => Assert.True(Sizes[int.Parse(p.ImageA!.OriginalName[8..10])] >= 3 && Sizes[int.Parse(p.ImageB!.OriginalName[8..10])] >= 3));
        Assert.All(pairs.Where(p => p.Same).GroupBy(p => p.ImageA!.IdentityId), g => Assert.True(g.Count() <= 2));
        var negativeUses = pairs.Where(p => !p.Same).SelectMany(p => new[] { p.ImageA!.IdentityId, p.ImageB!.IdentityId }).GroupBy(i => i);
        Assert.All(negativeUses, g => Assert.True(g.Count() <= 2));
        // 1000 positives were asked; the limit of 2 per identity caps them (20 identities with >= 3 images), and
        // the limit of 2 impostor pairs per identity caps the impostors at 20 x 2 / 2.
        Assert.Equal(40, set.Positives);
        Assert.InRange(set.Negatives, 1, 20);
    }

    [Fact]
    public async Task GenerateAsync_TooFewIdentitiesForTheFolds_SaysSo()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", [3, 3, 3, 3]);

        var e = await Assert.ThrowsAsync<PairSetException>(() => Service(db).GenerateAsync(new GeneratePairSetRequest { GalleryId = gallery }, TestUsers.Operator, default));

        Assert.Contains("fewer folds", e.Message);
    }

    [Fact]
    public async Task GenerateAsync_AllVsAll_ScoresEveryPairOnce()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", [3, 2, 1]);

        var set = await Service(db).GenerateAsync(new GeneratePairSetRequest { GalleryId = gallery, AllVsAll = true }, TestUsers.Operator, default);

        // 6 images: 15 pairs, of which 3 + 1 genuine.
        Assert.Equal(4, set.Positives);
        Assert.Equal(11, set.Negatives);
        Assert.Equal(1, set.Folds);
    }

    [Fact]
    public async Task GenerateAsync_HardNegatives_TakesTheClosestImpostors()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        // Identity p sits near x = 10p on a line: the closest impostor pairs of a fold are its nearest identities.
        var gallery = await db.SeedGalleryAsync("g", [.. Enumerable.Repeat(2, 20)], (p, i) => [p * 10f + i * 0.1f, 0]);

        var set = await Service(db).GenerateAsync(new GeneratePairSetRequest
        {
            GalleryId = gallery, Positives = 20, Negatives = 4, Folds = 2, NegativeSampling = NegativeSampling.Hard, MaxPairsPerIdentity = 4,
        }, TestUsers.Operator, default);
        var pairs = await PairsAsync(db, set.Id);

        // Each chosen impostor pair is the closest available: identities next to each other on the line (distance ~10),
        // never ones 20 or more apart, as long as closer ones exist in the fold.
        var negatives = pairs.Where(p => !p.Same).ToList();
        Assert.Equal(4, negatives.Count);
        foreach (var fold in negatives.GroupBy(p => p.Fold))
        {
            var identities = pairs.Where(p => p.Fold == fold.Key).SelectMany(p => new[] { p.ImageA!.Identity!.Name, p.ImageB!.Identity!.Name })
                .Distinct().Select(n => int.Parse(n[1..])).Order().ToList();
            var closestGap = identities.Zip(identities.Skip(1), (a, b) => b - a).Min();
            Assert.All(fold, p => Assert.Equal(closestGap, Math.Abs(int.Parse(p.ImageA!.Identity!.Name[1..]) - int.Parse(p.ImageB!.Identity!.Name[1..]))));
        }
    }

    [Fact]
    public async Task GenerateAsync_RecordsActivity()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", Sizes);

        await Service(db).GenerateAsync(new GeneratePairSetRequest { GalleryId = gallery, Positives = 10, Folds = 2 }, TestUsers.User("alice", Roles.Operator), default);

        await using var c = db.CreateDbContext();
        var entry = await c.Activity.SingleAsync(a => a.Action == "pairset-generate");
        Assert.Equal("alice", entry.User);
        Assert.Equal(gallery, entry.GalleryId);
    }
}

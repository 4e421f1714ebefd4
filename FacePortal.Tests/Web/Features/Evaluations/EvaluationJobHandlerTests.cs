using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Embedding;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.Evaluations;

[Collection(EngineCollection.Name)]
public class EvaluationJobHandlerTests(EngineFixture fixture)
{
    // Identity p, image i: a point near (p, 0, 0, 0); genuine pairs are 0.1 apart, impostors about 1 or more.
    private static float[] Descriptor(int p, int i) => [p, i * 0.1f, 0, 0];

    private const string PairsTxt = "2\t2\nP00\t1\t2\nP01\t1\t3\nP00\t1\tP01\t1\nP02\t1\tP03\t2\nP02\t1\t2\nP03\t1\t2\nP00\t2\tP03\t1\nP01\t2\tP02\t2\n";

    private async Task<(int PairSet, string Signature)> SeedAsync(PortalTestDatabase db)
    {
        var signature = fixture.Engine.Pipeline.Signature;
        var gallery = await db.SeedGalleryAsync("g", [2, 3, 2, 2], Descriptor, signature);
        var set = await new PairSetFiles(db, TimeProvider.System).ImportAsync(gallery, PairsTxt, "pairs.txt", null, TestUsers.Operator, default);
        return (set.Id, signature);
    }

    private static async Task<List<(int Ordinal, double Score, bool Missing)>> ScoresAsync(PortalTestDatabase db, int runId)
    {
        await using var c = db.CreateDbContext();
        var rows = await c.PairScores.Where(s => s.RunId == runId)
            .Join(c.EvaluationPairs, s => s.PairId, p => p.Id, (s, p) => new { p.Ordinal, s.Score, s.MissingFace })
            .OrderBy(x => x.Ordinal).ToListAsync();
        return [.. rows.Select(r => (r.Ordinal, r.Score, r.MissingFace))];
    }

    [Fact]
    public async Task RunAsync_StoredDescriptors_ScoresEveryPairAsMinusTheDistance()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (setId, _) = await SeedAsync(db);
        var (started, service) = await EvaluationTestRuns.StartAsync(db, setId);

        await EvaluationTestRuns.RunJobAsync(db, fixture.Host, started.JobId);

        var scores = await ScoresAsync(db, started.Id);
        Assert.Equal(8, scores.Count);
        // Ordinal 0: P00 images 1 and 2 = descriptors (0,0) and (0,0.1); ordinal 2: P00_1 vs P01_1 = (0,0) and (1,0).
        Assert.Equal(-0.1, scores[0].Score, 5);
        Assert.Equal(-1.0, scores[2].Score, 5);
        var dto = await service.GetDtoAsync(started.Id, default);
        Assert.Equal(1.0, dto!.Metrics!.Auc);
        Assert.Equal(8, dto.Done);
        // The stored descriptors were used: nothing was computed, so the descriptor cache is still empty.
        Assert.False(Directory.Exists(new PortalOptions { DataDirectory = db.Folder }.DescriptorCacheDirectory));
    }

    [Fact]
    public async Task RunAsync_ImageWithoutFace_ScoresItsPairsAsNonMatches()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (setId, _) = await SeedAsync(db);
        await using (var c = db.CreateDbContext())
        {
            var image = await c.Images.Include(i => i.Faces).SingleAsync(i => i.OriginalName.EndsWith("P01_0003.jpg"));
            image.Outcome = ImageOutcome.NoFace;
            image.PrimaryFaceIndex = -1;
            image.Faces.Clear();
            await c.SaveChangesAsync();
        }
        var (started, service) = await EvaluationTestRuns.StartAsync(db, setId);

        await EvaluationTestRuns.RunJobAsync(db, fixture.Host, started.JobId);

        var scores = await ScoresAsync(db, started.Id);
        Assert.Equal((ScoreConventions.MissingFaceScore, true), (scores[1].Score, scores[1].Missing));
        Assert.Single(scores, s => s.Missing);
        var dto = await service.GetDtoAsync(started.Id, default);
        Assert.Equal(1, dto!.Metrics!.MissingFace);
        Assert.Equal(8, dto.Metrics.Pairs);
    }

    [Fact]
    public async Task RunAsync_Resumed_SkipsThePairsAlreadyScored()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (setId, signature) = await SeedAsync(db);
        var (started, _) = await EvaluationTestRuns.StartAsync(db, setId);
        // As if the process stopped after storing the first three scores.
        await using (var c = db.CreateDbContext())
        {
            var first = await c.EvaluationPairs.Where(p => p.PairSetId == setId).OrderBy(p => p.Ordinal).Take(3).ToListAsync();
            c.PairScores.AddRange(first.Select(p => new PairScore { RunId = started.Id, PairId = p.Id, Score = 42 }));
            await c.EvaluationRuns.Where(r => r.Id == started.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.PipelineSignature, signature));
            await c.SaveChangesAsync();
        }

        await EvaluationTestRuns.RunJobAsync(db, fixture.Host, started.JobId);

        var scores = await ScoresAsync(db, started.Id);
        Assert.Equal([42, 42, 42], scores.Take(3).Select(s => s.Score));
        Assert.Equal(8, scores.Count);
        Assert.All(scores.Skip(3), s => Assert.NotEqual(42, s.Score));
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsAndKeepsWhatIsScored()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (setId, _) = await SeedAsync(db);
        var (started, _) = await EvaluationTestRuns.StartAsync(db, setId);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EvaluationTestRuns.RunJobAsync(db, fixture.Host, started.JobId, cancellationToken: cts.Token));

        Assert.Empty(await ScoresAsync(db, started.Id));
    }

    [Fact]
    public async Task RunAsync_ReportsProgressInPairs()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (setId, _) = await SeedAsync(db);
        var (started, _) = await EvaluationTestRuns.StartAsync(db, setId);
        var notifier = new JobNotifier();
        var feed = notifier.Subscribe();

        await EvaluationTestRuns.RunJobAsync(db, fixture.Host, started.JobId, notifier);

        feed.Dispose();
        var seen = new List<JobProgress>();
        await foreach (var batch in feed.ReadBatchesAsync(CancellationToken.None))
        {
            seen.AddRange(batch);
        }
        Assert.NotEmpty(seen);

        Assert.All(seen, p => Assert.Equal(8, p.Total));
        Assert.Equal(8, seen[^1].Done);
        Assert.Contains("0 with a missing face", seen[^1].Message);
    }

    [Fact]
    public async Task RunAsync_GeneratedSetAfterCuration_PicksUpExclusionsAndMovedImages()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", [.. Enumerable.Repeat(3, 8)], Descriptor, fixture.Engine.Pipeline.Signature);
        var set = await new PairSetGeneration(db, Microsoft.Extensions.Options.Options.Create(fixture.Engine.Options), TimeProvider.System).GenerateAsync(
            new GeneratePairSetRequest { GalleryId = gallery, Positives = 24, Folds = 2 }, TestUsers.Operator, default);
        var (first, service) = await EvaluationTestRuns.StartAsync(db, set.Id);
        await EvaluationTestRuns.RunJobAsync(db, fixture.Host, first.JobId);
        // Curation: one image excluded, one image moved to another identity (its label was wrong).
        int excluded, moved;
        await using (var c = db.CreateDbContext())
        {
            var pairs = await c.EvaluationPairs.Where(p => p.PairSetId == set.Id && p.Same).OrderBy(p => p.Ordinal).ToListAsync();
            excluded = pairs[0].ImageAId;
            moved = pairs.First(p => p.ImageAId != excluded && p.ImageBId != excluded).ImageBId;
            var other = await c.Identities.FirstAsync(i => i.Images.All(x => x.Id != moved));
            await c.Images.Where(i => i.Id == excluded).ExecuteUpdateAsync(u => u.SetProperty(i => i.Excluded, true));
            await c.Images.Where(i => i.Id == moved).ExecuteUpdateAsync(u => u.SetProperty(i => i.IdentityId, other.Id));
        }

        var (second, _) = await EvaluationTestRuns.StartAsync(db, set.Id);
        await EvaluationTestRuns.RunJobAsync(db, fixture.Host, second.JobId);

        var before = await service.ScoresAsync(first.Id, default);
        var after = await service.ScoresAsync(second.Id, default);
        await using var check = db.CreateDbContext();
        var byId = await check.EvaluationPairs.Where(p => p.PairSetId == set.Id).ToDictionaryAsync(p => p.Id);
        bool Uses(int pairId, int image) => byId[pairId].ImageAId == image || byId[pairId].ImageBId == image;
        Assert.Equal(48, before.Count);
        Assert.Equal(before.PairIds.Count(id => !Uses(id, excluded)), after.Count);
        // The moved image's genuine pairs are impostor pairs now.
        var movedPairs = Enumerable.Range(0, after.Count).Where(i => Uses(after.PairIds[i], moved) && byId[after.PairIds[i]].Same).ToList();
        Assert.NotEmpty(movedPairs);
        Assert.All(movedPairs, i => Assert.False(after.Same[i]));
    }

    [LfwImagesFact]
    public async Task RunAsync_RealImages_ComputesDescriptorsOnceAndCachesThem()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        // Three LFW people with two images each, stored as the import would store them, not yet analysed.
        string[] people = ["Aaron_Peirsol", "Abdullah_Gul", "Adam_Sandler"];
        int galleryId;
        await using (var c = db.CreateDbContext())
        {
            var gallery = new Gallery { Name = "lfw-slice", CreatedAt = DateTimeOffset.UtcNow };
            foreach (var person in people)
            {
                var identity = new FaceIdentity { Name = person, Gallery = gallery, CreatedAt = DateTimeOffset.UtcNow };
                for (var i = 1; i <= 2; i++)
                {
                    var bytes = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Lfw, "images", person, $"{person}_{i:D4}.jpg"));
                    c.Images.Add(new GalleryImage
                    {
                        Gallery = gallery, Identity = identity, ContentHash = await db.Images.SaveAsync(bytes, default),
                        OriginalName = $"{person}/{person}_{i:D4}.jpg", Outcome = ImageOutcome.Face, PrimaryFaceIndex = -1, ImportedAt = DateTimeOffset.UtcNow,
                    });
                }
            }
            await c.SaveChangesAsync();
            galleryId = gallery.Id;
        }
        var pairs = "1\t3\nAaron_Peirsol\t1\t2\nAbdullah_Gul\t1\t2\nAdam_Sandler\t1\t2\nAaron_Peirsol\t1\tAbdullah_Gul\t1\nAbdullah_Gul\t2\tAdam_Sandler\t2\nAaron_Peirsol\t2\tAdam_Sandler\t1\n";
        var set = await new PairSetFiles(db, TimeProvider.System).ImportAsync(galleryId, pairs, "pairs.txt", null, TestUsers.Operator, default);

        var (first, service) = await EvaluationTestRuns.StartAsync(db, set.Id);
        await EvaluationTestRuns.RunJobAsync(db, fixture.Host, first.JobId);
        var (second, _) = await EvaluationTestRuns.StartAsync(db, set.Id);
        await EvaluationTestRuns.RunJobAsync(db, fixture.Host, second.JobId);

        var a = await ScoresAsync(db, first.Id);
        var b = await ScoresAsync(db, second.Id);
        Assert.Equal(6, a.Count);
        Assert.DoesNotContain(a, s => s.Missing);
        // face-api's descriptors: same person well under 0.6 apart, different people well over it.
        Assert.All(a.Take(3), s => Assert.True(-s.Score < 0.6, $"genuine distance {-s.Score}"));
        Assert.All(a.Skip(3), s => Assert.True(-s.Score > 0.6, $"impostor distance {-s.Score}"));
        Assert.Equal(a.Select(s => s.Score), b.Select(s => s.Score));
        var cache = new DescriptorCache(new PortalOptions { DataDirectory = db.Folder }.DescriptorCacheDirectory);
        Assert.Equal(6, Directory.EnumerateFiles(Path.GetDirectoryName(cache.Folder("x"))!, "*.bin", SearchOption.AllDirectories).Count());
        Assert.Equal(DistanceMetric.Euclidean.ToString(), (await service.GetAsync(first.Id, default))!.Metric);
    }
}

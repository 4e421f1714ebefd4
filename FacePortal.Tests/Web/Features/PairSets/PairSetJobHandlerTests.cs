using System.Text.Json;
using FacePortal.Engine;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.PairSets;

/// <summary>The pairset-generate job: nothing stored when interrupted, the same set when run again, never two sets.</summary>
public class PairSetJobHandlerTests
{
    private static readonly int[] Sizes = [.. Enumerable.Range(0, 30).Select(i => 1 + (i % 6))];

    [Fact]
    public async Task RunAsync_InterruptedThenRunAgain_StoresTheSeededSetOnce()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", Sizes);
        var generation = new PairSetGeneration(db, Microsoft.Extensions.Options.Options.Create(new FaceEngineOptions()), TimeProvider.System);
        var handler = new PairSetJobHandler(generation);
        var request = new GeneratePairSetRequest { GalleryId = gallery, Positives = 150, Seed = 9 };
        var job = new Job
        {
            Kind = PairSetJobHandler.JobKind, Title = "pairs", Parameters = JsonSerializer.Serialize(request, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
            State = JobState.Running, CreatedBy = "op@test.local", CreatedAt = DateTimeOffset.UtcNow,
        };
        await using (var c = db.CreateDbContext())
        {
            c.Jobs.Add(job);
            await c.SaveChangesAsync();
        }
        var context = new JobContext(job, db, new JobNotifier(), TimeProvider.System);

        using (var stopped = new CancellationTokenSource())
        {
            stopped.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.RunAsync(context, stopped.Token));
        }
        await using (var c = db.CreateDbContext())
        {
            Assert.False(await c.PairSets.AnyAsync());
        }
        await handler.RunAsync(context, default);
        await handler.RunAsync(context, default);

        var direct = await generation.GenerateAsync(request, TestUsers.Operator, default);
        await using var check = db.CreateDbContext();
        var fromJob = await check.PairSets.SingleAsync(s => s.JobId == job.Id);
        Assert.Equal("op@test.local", fromJob.CreatedBy);
        async Task<List<(int, int, bool, int)>> Pairs(int id) => await check.EvaluationPairs.Where(p => p.PairSetId == id).OrderBy(p => p.Ordinal)
            .Select(p => ValueTuple.Create(p.ImageAId, p.ImageBId, p.Same, p.Fold)).ToListAsync();
        Assert.Equal(300, (await Pairs(fromJob.Id)).Count);
        Assert.Equal(await Pairs(direct.Id), await Pairs(fromJob.Id));
        Assert.Equal(2, await check.PairSets.CountAsync());
    }
}

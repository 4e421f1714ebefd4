using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Imports;
using FacePortal.Web.Platform.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Web.Features.Imports;

/// <summary>
/// The image file sweeper over a real database and real files: an import's in-flight files survive while it runs
/// and within the grace period after it ends, and go after; committed files always stay.
/// </summary>
public class ImageFileSweeperTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    /// <summary>The system clock moved by <see cref="Offset"/> (files keep their real write times).</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }

    [Fact]
    public async Task SweepAsync_CancelledImportsInFlightFiles_RemovedAfterTheGracePeriodAndNotBefore()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var clock = new ShiftedClock();
        var guard = new ImageFileGuard(db, db.Images, clock);
        var sweeper = new ImageFileSweeper(guard, db.Images, db.Crops, Microsoft.Extensions.Options.Options.Create(new ImageFileSweepOptions { GracePeriod = Grace }),
            clock, NullLogger<ImageFileSweeper>.Instance);
        var job = new Job { Kind = ImportJobHandler.JobKind, Title = "import", Parameters = "{}", State = JobState.Running, CreatedAt = DateTimeOffset.UtcNow };
        await using (var c = db.CreateDbContext())
        {
            c.Jobs.Add(job);
            await c.SaveChangesAsync();
        }
        // As the import does: reserve, then save; the batch's rows never commit (the job is cancelled).
        var inFlight = new[] { ImageContent.Of(db.UniqueBytes()), ImageContent.Of(db.UniqueBytes()) };
        await guard.ReserveAsync(job.Id, inFlight.Select(f => f.Hash), default);
        foreach (var f in inFlight)
        {
            await db.Images.SaveAsync(f, default);
        }
        var committed = await db.AddImageAsync(await db.AddIdentityAsync(await db.AddGalleryAsync("g"), "p"));
        var orphan = await db.Images.SaveAsync(db.UniqueBytes(), default);

        // While the import runs: no sweep, and a gallery delete does not take its files either.
        clock.Offset = 2 * Grace;
        Assert.Equal(0, await sweeper.SweepAsync(default));
        Assert.Empty(await guard.DeleteUnusedAsync([.. inFlight.Select(f => f.Hash)], default));
        Assert.All(inFlight, f => Assert.True(db.Images.Exists(f.Hash)));

        await using (var c = db.CreateDbContext())
        {
            job.State = JobState.Cancelled;
            c.Jobs.Update(job);
            await c.SaveChangesAsync();
        }
        // Ended, but within the grace period: everything stays.
        clock.Offset = Grace / 2;
        Assert.Equal(0, await sweeper.SweepAsync(default));
        Assert.All(inFlight, f => Assert.True(db.Images.Exists(f.Hash)));
        Assert.True(db.Images.Exists(orphan));

        // After it: the unreferenced files go, the committed one stays.
        clock.Offset = Grace + TimeSpan.FromMinutes(1);
        Assert.Equal(3, await sweeper.SweepAsync(default));
        Assert.All(inFlight, f => Assert.False(db.Images.Exists(f.Hash)));
        Assert.False(db.Images.Exists(orphan));
        Assert.True(db.Images.Exists(committed.ContentHash));
    }

    [Fact]
    public async Task DeleteUnusedAsync_RacingReservations_NeverDeletesAReservedFile()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var guard = new ImageFileGuard(db, db.Images, TimeProvider.System);
        var job = new Job { Kind = ImportJobHandler.JobKind, Title = "import", Parameters = "{}", State = JobState.Running, CreatedAt = DateTimeOffset.UtcNow };
        await using (var c = db.CreateDbContext())
        {
            c.Jobs.Add(job);
            await c.SaveChangesAsync();
        }
        var files = Enumerable.Range(0, 200).Select(_ => ImageContent.Of(db.UniqueBytes())).ToList();
        foreach (var f in files)
        {
            await db.Images.SaveAsync(f, default);
        }

        // A delete of every file races an import reserving and re-saving them one by one (as it does for files
        // another gallery already stored): whatever the interleaving, a reserved file exists at the end.
        var importing = Task.Run(async () =>
        {
            foreach (var f in files)
            {
                await guard.ReserveAsync(job.Id, [f.Hash], default);
                await db.Images.SaveAsync(f, default);
            }
        });
        var deleting = Task.Run(async () =>
        {
            for (var round = 0; round < 20; round++)
            {
                await guard.DeleteUnusedAsync([.. files.Select(f => f.Hash)], default);
            }
        });
        await Task.WhenAll(importing, deleting);

        Assert.All(files, f => Assert.True(db.Images.Exists(f.Hash), $"{f.Hash} was reserved but is gone"));
    }
}

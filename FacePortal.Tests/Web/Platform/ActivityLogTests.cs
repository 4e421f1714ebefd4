using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Activity;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Platform;

/// <summary>The one activity writer: entries are bounded however long what they describe is.</summary>
public class ActivityLogTests
{
    [Fact]
    public async Task Record_LongDetails_CutTo2000WithAnEllipsis()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        await using (var c = db.CreateDbContext())
        {
            ActivityLog.Record(c, DateTimeOffset.UnixEpoch, "op", null, "test", new string('x', 5000));
            ActivityLog.Record(c, DateTimeOffset.UnixEpoch, "op", null, "test", "short");
            await c.SaveChangesAsync();
        }

        var latest = await new ActivityLog(db).LatestAsync(null, 10, default);

        Assert.Equal(["short", new string('x', 1997) + "..."], latest.Select(e => e.Details));
    }

    [Fact]
    public async Task PairSetImport_HugeFileName_RecordedThroughTheBoundedWriter()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", [2, 2]);
        var fileName = new string('p', 3000) + ".txt";

        await new PairSetFiles(db, TimeProvider.System)
            .ImportAsync(gallery, "1\t1\nP00\t1\t2\nP00\t1\tP01\t1\n", fileName, "short name", TestUsers.Operator, default);

        await using var c = db.CreateDbContext();
        var entry = await c.Activity.SingleAsync();
        Assert.Equal(("pairset-import", 2000), (entry.Action, entry.Details.Length));
        Assert.EndsWith("...", entry.Details);
    }
}

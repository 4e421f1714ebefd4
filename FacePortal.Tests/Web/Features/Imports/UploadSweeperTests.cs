using FacePortal.Web.Features.Imports;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Web.Features.Imports;

[Collection(ImportPortalCollection.Name)]
public class UploadSweeperTests(ImportPortalFixture portal)
{
    [Fact]
    public async Task Sweep_OldUploadsWithoutUnfinishedJob_DeletedOthersKept()
    {
        var services = portal.Factory.Services;
        var uploads = Path.Combine(portal.Factory.DataDirectory, "uploads");
        var needed = Guid.NewGuid().ToString("N");
        var orphan = Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(Path.Combine(uploads, needed));
        Directory.CreateDirectory(Path.Combine(uploads, orphan));
        await File.WriteAllTextAsync(Path.Combine(uploads, orphan, ImportParameters.ZipFileName), "x");
        int jobId;
        await using (var db = portal.Db())
        {
            // Marked running without a runner behind it: the runner only picks queued jobs.
            var job = new Job
            {
                Kind = ImportJobHandler.JobKind, Title = "sweeper test", State = JobState.Running, CreatedAt = DateTimeOffset.UtcNow,
                Parameters = new ImportParameters { GalleryId = 1, Source = ImportSourceKind.Zip, UploadId = needed }.ToJson(),
            };
            db.Jobs.Add(job);
            await db.SaveChangesAsync();
            jobId = job.Id;
        }
        try
        {
            var young = new UploadSweeper(services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalOptions>>(),
                TimeProvider.System, NullLogger<UploadSweeper>.Instance);
            var later = new UploadSweeper(services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalOptions>>(),
                new Later(TimeSpan.FromHours(2)), NullLogger<UploadSweeper>.Instance);

            Assert.Equal(0, await young.SweepAsync(CancellationToken.None));
            Assert.Equal(1, await later.SweepAsync(CancellationToken.None));

            Assert.True(Directory.Exists(Path.Combine(uploads, needed)));
            Assert.False(Directory.Exists(Path.Combine(uploads, orphan)));
        }
        finally
        {
            await using var db = portal.Db();
            await db.Jobs.Where(j => j.Id == jobId).ExecuteDeleteAsync();
            Directory.Delete(Path.Combine(uploads, needed), recursive: true);
        }
    }

    private sealed class Later(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}

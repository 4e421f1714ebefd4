using System.Net;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.Imports;

/// <summary>Cancelling an import, and stopping the portal in the middle of one (in the import collection: one import at a time).</summary>
[Collection(ImportPortalCollection.Name)]
public class ImportJobLifecycleTests(ImportPortalFixture portal)
{
    private const int People = 8;
    private const int PerPerson = 5;

    [LfwImagesFact]
    public async Task Cancel_ServerFolderImportMidway_EndsCancelledWithWhatWasDone()
    {
        var folder = ImportTestData.LfwFolder(People, PerPerson);
        try
        {
            var api = portal.Api;
            var gallery = await api.CreateGalleryAsync("cancel-" + Guid.NewGuid().ToString("N")[..8]);
            var jobId = await api.StartServerFolderAsync(gallery, folder);
            await api.WaitAsync(jobId, j => j.GetProperty("done").GetInt32() > 0 || j.GetProperty("state").GetString() != "running" && j.GetProperty("state").GetString() != "queued");

            var cancel = await api.Http.PostAsync($"/api/jobs/{jobId}/cancel", null);
            var job = await api.WaitAsync(jobId);

            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            Assert.Equal("cancelled", job.GetProperty("state").GetString());
            Assert.Equal(People * PerPerson, job.GetProperty("total").GetInt32());
            await using var db = portal.Db();
            var imported = await db.Images.CountAsync(i => i.GalleryId == gallery);
            var done = await db.JobItems.CountAsync(i => i.JobId == jobId && i.Done);
            Assert.InRange(imported, 1, People * PerPerson - 1);
            Assert.Equal(done, imported);
            Assert.Contains(await db.Activity.Where(a => a.GalleryId == gallery).Select(a => a.Details).ToListAsync(), d => d.Contains("cancelled"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [LfwImagesFact]
    public async Task Restart_PortalStoppedMidImport_ResumesAndImportsEveryImageExactlyOnce()
    {
        var folder = ImportTestData.LfwFolder(People, PerPerson);
        var data = Path.Combine(Path.GetTempPath(), "fp-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            int gallery, jobId;
            await using (var first = ImportPortalFixture.Configure(PortalFactory.OnDataDirectory(data)))
            {
                var api = new ImportApiClient(first.CreateApiClient());
                gallery = await api.CreateGalleryAsync("restart");
                jobId = await api.StartServerFolderAsync(gallery, folder);
                await api.WaitAsync(jobId, j => j.GetProperty("done").GetInt32() > 0 || j.GetProperty("state").GetString() is "completed" or "failed");
            }

            // Stopped in the middle: the job is still marked running, some items done, not all.
            await using (var db = Open(data))
            {
                var job = await db.Jobs.SingleAsync(j => j.Id == jobId);
                Assert.Equal(JobState.Running, job.State);
                Assert.InRange(await db.JobItems.CountAsync(i => i.JobId == jobId && i.Done), 1, People * PerPerson - 1);
            }
            SqliteConnection.ClearAllPools();

            await using (var second = ImportPortalFixture.Configure(PortalFactory.OnDataDirectory(data)))
            {
                var api = new ImportApiClient(second.CreateApiClient());
                var job = await api.WaitAsync(jobId);
                Assert.Equal("completed", job.GetProperty("state").GetString());
                Assert.Equal(People * PerPerson, job.GetProperty("done").GetInt32());
                Assert.Equal(People * PerPerson, job.GetProperty("total").GetInt32());
                Assert.Empty(ImportApiClient.Errors(job));
            }

            await using (var db = Open(data))
            {
                var images = await db.Images.Where(i => i.GalleryId == gallery).ToListAsync();
                Assert.Equal(People * PerPerson, images.Count);
                Assert.Equal(People * PerPerson, images.Select(i => i.ContentHash).Distinct().Count());
                Assert.Equal(
                    Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(),
                    images.Select(i => i.OriginalName).Order());
                Assert.Equal(People, await db.Identities.CountAsync(i => i.GalleryId == gallery));
                Assert.Equal(People * PerPerson, await db.JobItems.CountAsync(i => i.JobId == jobId && i.Done));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static PortalDbContext Open(string data) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={Path.Combine(data, "portal.db")}").Options);
}

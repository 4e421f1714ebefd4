using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Imports;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Features.Imports;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Galleries;

/// <summary>
/// Deleting a gallery while another gallery's import of the same images runs (real portal, real SQLite database,
/// real files): the import has saved files whose rows are not committed yet, and they must survive.
/// </summary>
[Collection(ImportPortalCollection.Name)]
public class GalleryDeleteDuringImportTests(ImportPortalFixture portal)
{
    [LfwImagesFact]
    public async Task DeleteGallery_WhileAnotherGallerysImportIsMidway_EveryImageOfTheImportKeepsItsFile()
    {
        var folder = ImportTestData.LfwFolder(10, 4);
        try
        {
            var api = portal.Api;
            var a = await api.CreateGalleryAsync("race-a-" + Guid.NewGuid().ToString("N")[..8]);
            var first = await api.WaitAsync(await api.StartServerFolderAsync(a, folder));
            Assert.Equal("completed", first.GetProperty("state").GetString());

            var b = await api.CreateGalleryAsync("race-b-" + Guid.NewGuid().ToString("N")[..8]);
            var jobId = await api.StartServerFolderAsync(b, folder);
            var midway = await api.WaitAsync(jobId, j => j.GetProperty("done").GetInt32() > 0 || j.GetProperty("state").GetString() is not ("queued" or "running"));
            Assert.Equal("running", midway.GetProperty("state").GetString());
            await portal.Factory.Services.GetRequiredService<GalleryService>().DeleteGalleryAsync(a, TestUsers.Operator, default);
            var job = await api.WaitAsync(jobId);

            Assert.Equal("completed", job.GetProperty("state").GetString());
            var store = portal.Factory.Services.GetRequiredService<ImageStore>();
            await using var db = portal.Db();
            var images = await db.Images.Where(i => i.GalleryId == b && i.Outcome != ImageOutcome.Unreadable).Select(i => new { i.OriginalName, i.ContentHash }).ToListAsync();
            Assert.Equal(40, images.Count);
            Assert.All(images, i => Assert.True(store.Exists(i.ContentHash), $"{i.OriginalName} lost its file"));
            Assert.False(await db.PendingFiles.AnyAsync(p => p.JobId == jobId));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [LfwImagesFact]
    public async Task CancelledImport_InFlightFiles_SweptAfterTheGracePeriodOnly()
    {
        var folder = ImportTestData.LfwFolder(12, 4);
        try
        {
            var api = portal.Api;
            var gallery = await api.CreateGalleryAsync("cancelled-" + Guid.NewGuid().ToString("N")[..8]);
            var jobId = await api.StartServerFolderAsync(gallery, folder);
            await api.WaitAsync(jobId, j => j.GetProperty("done").GetInt32() > 0 || j.GetProperty("state").GetString() is not ("queued" or "running"));
            await api.Http.PostAsync($"/api/jobs/{jobId}/cancel", null);
            Assert.Equal("cancelled", (await api.WaitAsync(jobId)).GetProperty("state").GetString());

            var services = portal.Factory.Services;
            var store = services.GetRequiredService<ImageStore>();
            var hashes = Directory.GetFiles(folder, "*.jpg", SearchOption.AllDirectories).Select(f => ImageStore.Hash(File.ReadAllBytes(f))).ToList();
            List<string> referenced;
            await using (var db = portal.Db())
            {
                referenced = await db.Images.Where(i => hashes.Contains(i.ContentHash)).Select(i => i.ContentHash).Distinct().ToListAsync();
                Assert.False(await db.PendingFiles.AnyAsync(p => p.JobId == jobId));
            }
            var saved = hashes.Where(store.Exists).ToList();
            Assert.NotEmpty(referenced);
            Assert.Subset(saved.ToHashSet(), referenced.ToHashSet());
            TimeProvider Clock(TimeSpan offset) => new OffsetClock(offset);
            ImageFileSweeper Sweeper(TimeSpan offset) => new(services.GetRequiredService<ImageFileGuard>(), store, services.GetRequiredService<FaceCrops>(),
                Microsoft.Extensions.Options.Options.Create(new ImageFileSweepOptions { GracePeriod = TimeSpan.FromHours(1) }), Clock(offset),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<ImageFileSweeper>.Instance);

            await Sweeper(TimeSpan.Zero).SweepAsync(default);
            Assert.Equal(saved, hashes.Where(store.Exists));

            await Sweeper(TimeSpan.FromHours(2)).SweepAsync(default);
            Assert.Equal(referenced.Order(StringComparer.Ordinal), hashes.Where(store.Exists).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class OffsetClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}

using FacePortal.Engine;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Imports;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Tests.Web.Features.Imports;

/// <summary>Every way in to an import refuses a viewer before anything is saved or queued.</summary>
public class ImportServiceAuthorizationTests
{
    private static ImportService Service(PortalTestDatabase db) =>
        new(db, new JobService(db, new JobNotifier(), TimeProvider.System), Options.Create(new PortalOptions { DataDirectory = db.Folder }),
            Options.Create(new FaceEngineOptions()), Options.Create(new ImportOptions { ServerRoots = [Path.GetTempPath()] }));

    [Fact]
    public async Task Imports_Viewer_RefusedAndNothingQueuedOrSaved()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", [1]);
        var service = Service(db);
        var viewer = TestUsers.Viewer;

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.ImportZipAsync(gallery, new MemoryStream([1, 2, 3]), "a.zip", viewer, default));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.ImportFilesAsync(gallery, "Ann", [("a.png", new MemoryStream([1]))], viewer, default));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.ImportServerFolderAsync(gallery, db.Folder, viewer, default));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.ImportCsvAsync(gallery, new MemoryStream("a.png,Ann\n"u8.ToArray()), db.Folder, viewer, default));
        // Signed out counts as a viewer too.
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.ImportServerFolderAsync(gallery, db.Folder, new(), default));

        await using var c = db.CreateDbContext();
        Assert.Equal(0, await c.Jobs.CountAsync());
        Assert.False(Directory.Exists(Path.Combine(db.Folder, "uploads")) && Directory.EnumerateFileSystemEntries(Path.Combine(db.Folder, "uploads")).Any());
    }

    [Fact]
    public async Task ImportServerFolderAsync_Operator_QueuesAJobInTheirName()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", [1]);

        var folder = Directory.CreateTempSubdirectory("fp-auth-import-");
        int jobId;
        try
        {
            jobId = await Service(db).ImportServerFolderAsync(gallery, folder.FullName, TestUsers.Operator, default);
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        await using var c = db.CreateDbContext();
        var job = await c.Jobs.SingleAsync();
        Assert.Equal((jobId, ImportJobHandler.JobKind, "op@test.local"), (job.Id, job.Kind, job.CreatedBy));
    }
}

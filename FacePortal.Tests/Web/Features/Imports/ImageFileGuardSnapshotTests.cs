using System.Data.Common;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Imports;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FacePortal.Tests.Web.Features.Imports;

/// <summary>
/// The delete decision reads "is this file used" once, at one moment: an import batch that commits while the guard is
/// reading (its rows appear and its reservations go in the same transaction) must be seen either before or after,
/// never as neither. Found as an intermittent CI failure (a gallery deleted mid-import lost another import's files);
/// here the commit is made to land exactly between the guard's reads, so the test fails every time on the old code.
/// </summary>
public class ImageFileGuardSnapshotTests
{
    [Fact]
    public async Task DeleteUnusedAsync_BatchCommitsWhileTheGuardReads_TheFileStays()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (guard, probe, content) = await ImportHoldingAFileAsync(db);

        // A gallery delete asks about the file; the batch commits the moment the guard has run its first read.
        probe.Armed = true;
        var deleted = await guard.DeleteUnusedAsync([content.Hash], default);

        Assert.True(probe.Committed, "the batch's commit was not injected: the guard ran no query");
        Assert.Empty(deleted);
        Assert.True(db.Images.Exists(content.Hash), "the committed image lost its file");
    }

    [Fact]
    public async Task SweepAsync_BatchCommitsWhileTheGuardReads_TheFileCountsAsUsed()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (guard, probe, content) = await ImportHoldingAFileAsync(db);

        // The sweep first drops finished jobs' references (a write): the batch commits right after the next read.
        probe.Armed = true;
        var used = await guard.SweepAsync((_, inUse) => Task.FromResult(inUse.Contains(content.Hash)), default);

        Assert.True(probe.Committed, "the batch's commit was not injected: the guard ran no query");
        Assert.True(used, "the sweep saw the file neither as reserved nor as an image's");
    }

    /// <summary>
    /// A running import that has reserved and stored one file (another gallery had stored it already: the file
    /// exists), and a guard whose queries pass through <see cref="GuardBatchCommit"/> (the test arms it).
    /// </summary>
    private static async Task<(ImageFileGuard Guard, GuardBatchCommit Probe, ImageContent Content)> ImportHoldingAFileAsync(PortalTestDatabase db)
    {
        var galleryId = await db.AddGalleryAsync("g");
        var identityId = await db.AddIdentityAsync(galleryId, "p");
        var job = new Job { Kind = ImportJobHandler.JobKind, Title = "import", Parameters = "{}", State = JobState.Running, CreatedAt = DateTimeOffset.UtcNow };
        await using (var c = db.CreateDbContext())
        {
            c.Jobs.Add(job);
            await c.SaveChangesAsync();
        }
        var content = ImageContent.Of(db.UniqueBytes());
        var probe = new GuardBatchCommit(db, job.Id, galleryId, identityId, content);
        var guard = new ImageFileGuard(new InterceptedFactory(db, probe), db.Images, TimeProvider.System);
        await guard.ReserveAsync(job.Id, [content.Hash], default);
        await db.Images.SaveAsync(content, default);
        return (guard, probe, content);
    }

    /// <summary>After the first query the guard runs, commits the import's batch as ImportWriter does, from another connection.</summary>
    private sealed class GuardBatchCommit(PortalTestDatabase db, int jobId, int galleryId, int identityId, ImageContent content) : DbCommandInterceptor
    {
        public bool Armed { get; set; }

        public bool Committed { get; private set; }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            if (Armed && !Committed)
            {
                Committed = true;
                await using var other = db.CreateDbContext();
                other.Images.Add(new GalleryImage
                {
                    GalleryId = galleryId, IdentityId = identityId, ContentHash = content.Hash, OriginalName = "batch.jpg",
                    Width = 100, Height = 100, Bytes = content.Bytes.Length, Outcome = ImageOutcome.NoFace, PrimaryFaceIndex = -1,
                    ImportedAt = DateTimeOffset.UtcNow,
                });
                await ImageFileGuard.CommitAsync(other, jobId, [content.Hash], cancellationToken);
                await other.SaveChangesAsync(cancellationToken);
            }
            return result;
        }
    }

    private sealed class InterceptedFactory(PortalTestDatabase db, IInterceptor interceptor) : IDbContextFactory<PortalDbContext>
    {
        private readonly DbContextOptions<PortalDbContext> _options = new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite($"Data Source={Path.Combine(db.Folder, "portal.db")};Pooling=False;Default Timeout=30")
            .AddInterceptors(interceptor).Options;

        public PortalDbContext CreateDbContext() => new(_options);
    }
}

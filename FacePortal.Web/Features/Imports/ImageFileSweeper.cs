using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Imports;

/// <summary>
/// Removes stored image files nothing uses: no image row, no reference of an unfinished job (the in-flight files of
/// cancelled or failed imports, and files a crash left behind), and their cached crops. A file is removed only when
/// it is older than the grace period, and no sweep runs while an import is queued or running; the sweep holds the
/// <see cref="ImageFileGuard"/> lock, so no import can reserve a file while it decides.
/// </summary>
public sealed class ImageFileSweeper(ImageFileGuard files, ImageStore store, FaceCrops crops, IOptions<ImageFileSweepOptions> options,
    TimeProvider time, ILogger<ImageFileSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbUpdateException or Microsoft.Data.Sqlite.SqliteException)
                {
                    logger.LogWarning(e, "The image file sweep failed; it is tried again in {Interval}", options.Value.SweepInterval);
                }
                await Task.Delay(options.Value.SweepInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Removes the unreferenced files older than the grace period; returns how many (0 while an import runs).</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(store.Folder))
        {
            return 0;
        }
        var deleted = await files.SweepAsync(async (db, used) =>
        {
            if (await db.Jobs.AnyAsync(j => j.Kind == ImportJobHandler.JobKind && (j.State == JobState.Queued || j.State == JobState.Running), cancellationToken))
            {
                return 0;
            }
            var cutoff = (time.GetUtcNow() - options.Value.GracePeriod).UtcDateTime;
            var count = 0;
            foreach (var path in Directory.EnumerateFiles(store.Folder, "*", SearchOption.AllDirectories))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = Path.GetFileName(path);
                // Stored files are named by their hash; "<hash>.<guid>.tmp" is a write a crash interrupted.
                var temporary = name.EndsWith(".tmp", StringComparison.Ordinal);
                if ((!temporary && (!IsHash(name) || used.Contains(name))) || File.GetLastWriteTimeUtc(path) > cutoff)
                {
                    continue;
                }
                File.Delete(path);
                if (!temporary)
                {
                    crops.Delete(name);
                }
                count++;
            }
            return count;
        }, cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Removed {Count} unreferenced image file(s)", deleted);
        }
        return deleted;
    }

    private static bool IsHash(string name) => name.Length == 64 && name.All(char.IsAsciiHexDigitLower);
}

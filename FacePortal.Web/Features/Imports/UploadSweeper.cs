using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Imports;

/// <summary>
/// Removes upload folders no unfinished import needs: an import cancelled while still queued never runs, so its
/// handler never deletes its upload. Runs at start and then every half hour; young folders are left alone (their
/// job may not be queued yet).
/// </summary>
public sealed class UploadSweeper(IDbContextFactory<PortalDbContext> databases, IOptions<PortalOptions> portal, TimeProvider time, ILogger<UploadSweeper> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan MinimumAge = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await SweepAsync(stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Deletes the orphaned upload folders; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetFullPath(portal.Value.DataDirectory), "uploads");
        if (!Directory.Exists(root))
        {
            return 0;
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var pending = await db.Jobs.Where(j => j.Kind == ImportJobHandler.JobKind && (j.State == JobState.Queued || j.State == JobState.Running))
            .Select(j => j.Parameters).ToListAsync(cancellationToken);
        var needed = pending.Select(UploadIdOf).Where(id => id is not null).ToHashSet(StringComparer.Ordinal);
        var deleted = 0;
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            if (needed.Contains(Path.GetFileName(folder)) || time.GetUtcNow() - Directory.GetCreationTimeUtc(folder) < MinimumAge)
            {
                continue;
            }
            try
            {
                Directory.Delete(folder, recursive: true);
                deleted++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not delete the orphaned upload folder {Folder}", folder);
            }
        }
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} orphaned upload folder(s)", deleted);
        }
        return deleted;
    }

    private static string? UploadIdOf(string parameters)
    {
        try
        {
            return ImportParameters.Parse(parameters).UploadId;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}

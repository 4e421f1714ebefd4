using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>
/// The activity entry at the end: what became of the files, counted from the items (so a resumed job counts all). A
/// finished import also ends its job's message with the breakdown, so the progress line says what it did.
/// </summary>
internal sealed class ImportSummary(ILogger logger)
{
    public async Task RecordAsync(JobContext context, ImportParameters p, string action, string? ending)
    {
        try
        {
            await using var db = await context.Databases.CreateDbContextAsync(CancellationToken.None);
            var extras = await db.JobItems.Where(i => i.JobId == context.JobId).Select(i => new { i.Extra, i.Done }).ToListAsync();
            var counts = extras.Where(e => e.Done).GroupBy(e => ItemExtra.Parse(e.Extra).Outcome ?? ImportWork.ErrorOutcome)
                .ToDictionary(g => g.Key, g => g.Count());
            var order = Enum.GetNames<ImageOutcome>().Append(ImportWork.ErrorOutcome);
            var parts = order.Where(counts.ContainsKey).Select(o => $"{counts[o]:N0} {Words(o)}");
            var gallery = await db.Galleries.Where(g => g.Id == p.GalleryId).Select(g => g.Name).FirstOrDefaultAsync() ?? $"#{p.GalleryId}";
            var details = $"{p.Source} import of {p.DisplayName} into {gallery} (job {context.JobId})"
                + (ending is null ? "" : $" {ending}") + $": {extras.Count(e => e.Done):N0} of {extras.Count:N0} files"
                + (counts.Count > 0 ? " - " + string.Join(", ", parts) : "");
            var galleryId = await db.Galleries.AnyAsync(g => g.Id == p.GalleryId) ? p.GalleryId : (int?)null;
            ActivityLog.Record(db, context.Now, context.User ?? "system", galleryId, action, details);
            await db.SaveChangesAsync();
            if (ending is null)
            {
                await context.SetMessageAsync(counts.Count > 0 ? string.Join(", ", parts) : "no file imported", CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not record the activity of import job {Id}", context.JobId);
        }
    }

    private static string Words(string outcome) => outcome switch
    {
        nameof(ImageOutcome.Face) => "with a face",
        nameof(ImageOutcome.SeveralFaces) => "with several faces",
        nameof(ImageOutcome.NoFace) => "without a face",
        nameof(ImageOutcome.FaceTooSmall) => "with a face too small",
        nameof(ImageOutcome.Duplicate) => "duplicate",
        nameof(ImageOutcome.Unreadable) => "unreadable",
        _ => "not imported (errors)",
    };
}

using FacePortal.Web.Features.Imports.Sources;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>
/// The first run of an import: every file becomes a <see cref="JobItem"/> (refused files are planned done, with
/// their error) in one transaction, so planning happens once or not at all.
/// </summary>
internal static class ImportPlanner
{
    public static async Task PlanAsync(JobContext context, ImportParameters p, IImportSource source, CancellationToken ct)
    {
        await using var db = await context.Databases.CreateDbContextAsync(ct);
        if (await db.JobItems.AnyAsync(i => i.JobId == context.JobId, ct))
        {
            return;
        }
        if (!await db.Galleries.AnyAsync(g => g.Id == p.GalleryId, ct))
        {
            throw new InvalidOperationException($"Gallery {p.GalleryId} no longer exists.");
        }
        await context.ReportAsync(0, 0, "listing the files", ct, force: true);
        var items = new List<JobItem>();
        foreach (var planned in source.Plan(ct))
        {
            var refused = planned.Error is not null;
            items.Add(new JobItem
            {
                JobId = context.JobId,
                Source = planned.Source,
                Target = planned.Target,
                Extra = (refused ? planned.Extra with { Outcome = ImportWork.ErrorOutcome } : planned.Extra).ToJson(),
                Done = refused,
            });
            if (refused)
            {
                db.JobErrors.Add(new JobError { JobId = context.JobId, Item = planned.Source, Reason = planned.Error! });
            }
        }
        db.JobItems.AddRange(items);
        var job = await db.Jobs.FirstAsync(j => j.Id == context.JobId, ct);
        job.Total = items.Count;
        job.Done = items.Count(i => i.Done);
        await db.SaveChangesAsync(CancellationToken.None);
    }
}

using FacePortal.Engine;
using FacePortal.Web.Features.Imports.Sources;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>
/// Every run of an import: the items not done, in batches. Per batch: read and hash, skip duplicates, decode, store,
/// analyse with the engine, keep its chips, then write; progress is reported after each batch. Cancellation is
/// honoured between batches (and inside the engine). Files are reserved for the job before they are saved, so no
/// gallery delete removes them before the batch's rows commit (<see cref="ImageFileGuard"/>).
/// </summary>
internal sealed class ImportBatches(ImageStore store, ImageFileGuard files, ImportAnalyser analyser, ImportChips chips, int batchSize)
{
    public async Task ProcessAsync(JobContext context, ImportParameters p, IImportSource source, FaceEngine engine, CancellationToken ct)
    {
        int total, done, errors;
        Dictionary<string, int> identities;
        await using (var db = await context.Databases.CreateDbContextAsync(ct))
        {
            total = await db.JobItems.CountAsync(i => i.JobId == context.JobId, ct);
            done = await db.JobItems.CountAsync(i => i.JobId == context.JobId && i.Done, ct);
            errors = await db.JobErrors.CountAsync(e => e.JobId == context.JobId, ct);
            identities = await ImportWriter.LoadIdentitiesAsync(db, p.GalleryId, ct);
        }
        await context.ReportAsync(done, total, Progress(done, total, errors), ct, force: true);

        var lastId = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            List<JobItem> batch;
            await using (var db = await context.Databases.CreateDbContextAsync(ct))
            {
                batch = await db.JobItems.AsNoTracking()
                    .Where(i => i.JobId == context.JobId && !i.Done && i.Id > lastId)
                    .OrderBy(i => i.Id).Take(batchSize).ToListAsync(ct);
            }
            if (batch.Count == 0)
            {
                break;
            }
            lastId = batch[^1].Id;
            var work = await AnalyseAsync(context, p, source, engine, batch, ct);
            await ImportWriter.WriteAsync(context, p, work, identities);
            done += batch.Count;
            errors += work.Count(w => w.Error is not null);
            await context.ReportAsync(done, total, Progress(done, total, errors), ct, force: true);
        }
    }

    private static string Progress(int done, int total, int errors) =>
        errors == 0 ? $"{done:N0} of {total:N0} files" : $"{done:N0} of {total:N0} files, {errors:N0} with errors";

    private async Task<List<ImportWork>> AnalyseAsync(JobContext context, ImportParameters p, IImportSource source, FaceEngine engine, List<JobItem> batch, CancellationToken ct)
    {
        var work = batch.Select(i => new ImportWork(i)).ToList();
        var read = ImportReader.ReadAndHash(source, work, ct);
        var duplicates = await ImportDeduplicator.FindAsync(context, p.GalleryId, read, ct);
        ImportDecoder.Decode(engine.Decoder, duplicates.Firsts, ct);
        duplicates.MarkCopies(read);

        var decoded = duplicates.Firsts.Where(w => w.Image is not null).ToList();
        await files.ReserveAsync(context.JobId, decoded.Select(w => w.Content!.Hash), ct);
        foreach (var w in decoded)
        {
            await store.SaveAsync(w.Content!, ct);
        }
        analyser.Analyse(engine.Pipeline, decoded, ct);
        await chips.KeepAsync(decoded, ct);
        foreach (var w in decoded)
        {
            w.Image = null; // pixels are not needed any more: let them go before the next batch
        }
        return work;
    }
}

using System.Diagnostics;
using FacePortal.Engine;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Pipeline;
using FacePortal.Web.Features.Imports.Sources;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>
/// Every run of an import: the items not done, in batches. Per batch: read and hash, skip duplicates, decode, store,
/// analyse with the engine, then write; progress is reported after each batch. The next batch is read,
/// hashed and decoded while this one is analysed and written (its duplicates are still decided after this batch's
/// rows are written, so the gallery's earlier images count); a batch's chips are encoded and kept while the next one
/// is analysed (one batch of them at a time; all kept before the run ends). Cancellation is honoured between batches (and inside the
/// engine). Files are reserved for the job before they are saved, so no gallery delete removes them before the
/// batch's rows commit (<see cref="ImageFileGuard"/>). Where the time went is logged at the end.
/// </summary>
internal sealed class ImportBatches(ImageStore store, ImageFileGuard files, ImportAnalyser analyser, ImportChips chips, int batchSize, ILogger logger)
{
    /// <summary>A batch whose files add up to more than this is decoded in its turn, not ahead (two batches of large photos in memory at once).</summary>
    public const long ReadAheadDecodeBytes = 32L << 20;

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

        var times = new StageTimes();
        var clock = Stopwatch.StartNew();
        var imported = 0;
        var next = Task.Run(() => ReadAheadAsync(context, source, engine.Decoder, 0, times, ct), ct);
        var keeping = Task.CompletedTask;
        try
        {
            while (true)
            {
                var waitRead = Stopwatch.GetTimestamp();
                var batch = await next;
                times.Wait += Stopwatch.GetElapsedTime(waitRead);
                if (batch.Work.Count == 0)
                {
                    break;
                }
                next = Task.Run(() => ReadAheadAsync(context, source, engine.Decoder, batch.Work[^1].Item.Id, times, ct), ct);
                var (work, decoded) = await AnalyseAsync(context, p, engine, batch, times, ct);
                var wait = Stopwatch.GetTimestamp();
                await keeping;
                times.ChipsWait += Stopwatch.GetElapsedTime(wait);
                keeping = KeepChipsAsync(decoded, times, ct);
                var write = Stopwatch.GetTimestamp();
                await ImportWriter.WriteAsync(context, p, work, identities);
                done += work.Count;
                imported += work.Count;
                errors += work.Count(w => w.Error is not null);
                await context.ReportAsync(done, total, Progress(done, total, errors), ct, force: true);
                times.Write += Stopwatch.GetElapsedTime(write);
            }
            var last = Stopwatch.GetTimestamp();
            await keeping;
            times.ChipsWait += Stopwatch.GetElapsedTime(last);
        }
        finally
        {
            // A batch read ahead when this one failed or was cancelled: let it finish before the job's files are released.
            try
            {
                await next;
            }
            catch (Exception e) when (e is OperationCanceledException || ct.IsCancellationRequested)
            {
                // Cancelled with the job.
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "The batch read ahead failed too");
            }
            try
            {
                await keeping;
            }
            catch (Exception e) when (e is OperationCanceledException || ct.IsCancellationRequested)
            {
                // Cancelled with the job: a chip not kept is made from the stored landmarks when first asked for.
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Keeping the chips of the last batch failed too");
            }
        }
        logger.LogInformation(
            "Import job {JobId}: {Count} items in {Seconds:F1} s; read, hash and decode ahead {ReadAhead:F1} s (alongside the rest), " +
            "waited for it {Wait:F1} s, duplicates {Dedupe:F1} s, decode in turn {Decode:F1} s, store {Store:F1} s, analyse {Analyse:F1} s (detect {Detect:F1}, landmarks {Landmarks:F1}, align {Align:F1}, recognise {Embed:F1}), chips {Chips:F1} s (alongside the next batch; waited for them {ChipsWait:F1} s), write and progress {Write:F1} s",
            context.JobId, imported, clock.Elapsed.TotalSeconds, times.ReadAhead.TotalSeconds, times.Wait.TotalSeconds, times.Dedupe.TotalSeconds,
            times.Decode.TotalSeconds, times.Store.TotalSeconds, times.Analyse.TotalSeconds,
            times.Engine.Detect.TotalSeconds, times.Engine.Landmarks.TotalSeconds, times.Engine.Align.TotalSeconds, times.Engine.Embed.TotalSeconds, times.Chips.TotalSeconds, times.ChipsWait.TotalSeconds, times.Write.TotalSeconds);
    }

    private static string Progress(int done, int total, int errors) =>
        errors == 0 ? $"{done:N0} of {total:N0} files" : $"{done:N0} of {total:N0} files, {errors:N0} with errors";

    /// <summary>The next items after <paramref name="afterId"/>, read and hashed, and decoded when they are not too large.</summary>
    private async Task<ReadBatch> ReadAheadAsync(JobContext context, IImportSource source, ImageDecoder decoder, int afterId, StageTimes times, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        List<JobItem> items;
        await using (var db = await context.Databases.CreateDbContextAsync(ct))
        {
            items = await db.JobItems.AsNoTracking()
                .Where(i => i.JobId == context.JobId && !i.Done && i.Id > afterId)
                .OrderBy(i => i.Id).Take(batchSize).ToListAsync(ct);
        }
        var work = items.Select(i => new ImportWork(i)).ToList();
        var read = ImportReader.ReadAndHash(source, work, ct);
        var decoded = read.Sum(w => (long)w.Bytes!.Length) <= ReadAheadDecodeBytes ? ImportDecoder.DecodeAhead(decoder, read, ct) : null;
        times.ReadAhead += Stopwatch.GetElapsedTime(start);
        return new ReadBatch(work, read, decoded);
    }

    private async Task<(List<ImportWork> Work, List<ImportWork> Decoded)> AnalyseAsync(JobContext context, ImportParameters p, FaceEngine engine, ReadBatch batch, StageTimes times, CancellationToken ct)
    {
        var stage = Stopwatch.GetTimestamp();
        var duplicates = await ImportDeduplicator.FindAsync(context, p.GalleryId, batch.Read, ct);
        times.Dedupe += Lap(ref stage);
        ImportDecoder.Decode(engine.Decoder, duplicates.Firsts, batch.Decoded, ct);
        duplicates.MarkCopies(batch.Read);
        times.Decode += Lap(ref stage);

        var decoded = duplicates.Firsts.Where(w => w.Image is not null).ToList();
        await files.ReserveAsync(context.JobId, decoded.Select(w => w.Content!.Hash), ct);
        foreach (var w in decoded)
        {
            await store.SaveAsync(w.Content!, ct);
        }
        times.Store += Lap(ref stage);
        analyser.Analyse(engine.Pipeline, decoded, times.Engine, ct);
        times.Analyse += Lap(ref stage);
        foreach (var w in decoded)
        {
            w.Image = null; // pixels are not needed any more (the chips are images of their own): let them go before the next batch
        }
        return (batch.Work, decoded);
    }

    /// <summary>On the thread pool, beside the next batch's analysis: PNG encoding and file writes leave the cores to the engine in its single-threaded stretches.</summary>
    private Task KeepChipsAsync(List<ImportWork> decoded, StageTimes times, CancellationToken ct) => Task.Run(async () =>
    {
        var start = Stopwatch.GetTimestamp();
        await chips.KeepAsync(decoded, ct);
        times.Chips += Stopwatch.GetElapsedTime(start);
    }, ct);

    private static TimeSpan Lap(ref long stage)
    {
        var now = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(stage, now);
        stage = now;
        return elapsed;
    }

    /// <summary>A batch's items, those whose bytes were read, and (unless too large) each distinct content decoded.</summary>
    private sealed record ReadBatch(List<ImportWork> Work, List<ImportWork> Read, IReadOnlyDictionary<string, ImportDecoder.Decoded>? Decoded);

    // Read ahead and chips run beside the other stages, one batch of each at a time: no field is written by two threads at once.
    private sealed class StageTimes
    {
        public TimeSpan ReadAhead, Wait, Dedupe, Decode, Store, Analyse, Chips, ChipsWait, Write;

        public PipelineTimings Engine { get; } = new();
    }
}

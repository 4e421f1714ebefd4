using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using FacePortal.Engine;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Features.Imports.Sources;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>
/// Every run of an import: the items not done, in batches, through three stages side by side, joined by bounded
/// channels (one batch waiting between two stages, so memory stays bounded): the <see cref="ImportBatchReader"/> reads,
/// hashes and decodes the next batch; the analyser (here) skips duplicates (of the gallery's rows and of this run's
/// images analysed but not written yet) and runs the engine; the <see cref="ImportBatchWriter"/> stores the files,
/// writes each batch's rows in one transaction with its items marked done (so a restart neither repeats nor loses an
/// image), reports progress and keeps the chips. Only the analysis is on the critical path, as in `evaluate`.
/// Cancellation is honoured between batches (and inside the engine); a stage that fails stops the other two, and its
/// error, not their cancellation, is what the job reports. No stage runs any more when this returns or throws, so the
/// job's file reservations are released after its last file is stored. Where the time went is logged at the end.
/// </summary>
internal sealed class ImportBatches(ImageStore store, ImageFileGuard files, ImportAnalyser analyser, ImportChips chips, int batchSize, ILogger logger)
{
    /// <summary>Images of a batch too large to decode ahead (<see cref="ImportBatchReader.ReadAheadDecodeBytes"/>) decoded and analysed at once.</summary>
    public const int LargeFilesAtOnce = 8;

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
        await context.ReportAsync(done, total, ImportBatchWriter.Progress(done, total, errors), ct, force: true);

        var times = new ImportStageTimes();
        var clock = Stopwatch.StartNew();
        var read = Channel.CreateBounded<ImportReadBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var analysed = Channel.CreateBounded<ImportAnalysedBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var reader = new ImportBatchReader(context, source, engine.Decoder, batchSize, times);
        var writer = new ImportBatchWriter(context, p, store, files, chips, identities, times);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task[] stages =
        [
            Stage(() => reader.RunAsync(read.Writer, stop.Token), stop),
            Stage(() => AnalyseAllAsync(context, p, engine, read.Reader, analysed.Writer, times, stop.Token), stop),
            Stage(() => writer.RunAsync(analysed.Reader, done, total, errors, stop.Token), stop),
        ];
        try
        {
            await Task.WhenAll(stages);
        }
        catch (Exception) when (FirstFailure(stages) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
        logger.LogInformation(
            "Import job {JobId}: {Count} items in {Seconds:F1} s; read, hash and decode ahead {ReadAhead:F1} s (alongside the rest), " +
            "waited for it {Wait:F1} s, duplicates {Dedupe:F1} s, decode in turn {Decode:F1} s, analyse {Analyse:F1} s (detect {Detect:F1}, landmarks {Landmarks:F1}, align {Align:F1}, recognise {Embed:F1}), " +
            "waited for the writer {WriterWait:F1} s; alongside: store {Store:F1} s, write and progress {Write:F1} s, chips {Chips:F1} s",
            context.JobId, writer.Imported, clock.Elapsed.TotalSeconds, times.ReadAhead.TotalSeconds, times.Wait.TotalSeconds, times.Dedupe.TotalSeconds,
            times.Decode.TotalSeconds, times.Analyse.TotalSeconds,
            times.Engine.Detect.TotalSeconds, times.Engine.Landmarks.TotalSeconds, times.Engine.Align.TotalSeconds, times.Engine.Embed.TotalSeconds,
            times.WriterWait.TotalSeconds, times.Store.TotalSeconds, times.Write.TotalSeconds, times.Chips.TotalSeconds);
    }

    /// <summary>A stage on the thread pool; when it fails, the others are stopped (they end with a cancellation).</summary>
    private static Task Stage(Func<Task> run, CancellationTokenSource stop) => Task.Run(async () =>
    {
        try
        {
            await run();
        }
        catch (Exception)
        {
            await stop.CancelAsync();
            throw;
        }
    }, CancellationToken.None);

    /// <summary>The error that stopped the import: a stage's failure before the cancellations it caused in the others.</summary>
    private static Exception? FirstFailure(Task[] stages) => stages
        .Where(s => s.IsFaulted)
        .SelectMany(s => s.Exception!.InnerExceptions)
        .FirstOrDefault(e => e is not OperationCanceledException);

    private async Task AnalyseAllAsync(JobContext context, ImportParameters p, FaceEngine engine, ChannelReader<ImportReadBatch> input, ChannelWriter<ImportAnalysedBatch> output, ImportStageTimes times, CancellationToken ct)
    {
        try
        {
            // This run's readable images, by hash: a later copy is a duplicate even before their rows are written.
            var earlier = new Dictionary<string, ImportDeduplicator.Original>(StringComparer.Ordinal);
            while (true)
            {
                var wait = Stopwatch.GetTimestamp();
                if (!await input.WaitToReadAsync(ct))
                {
                    break;
                }
                times.Wait += Stopwatch.GetElapsedTime(wait);
                while (input.TryRead(out var batch))
                {
                    var result = await AnalyseAsync(context, p, engine, batch, earlier, times, ct);
                    wait = Stopwatch.GetTimestamp();
                    await output.WriteAsync(result, ct);
                    times.WriterWait += Stopwatch.GetElapsedTime(wait);
                }
            }
            output.TryComplete();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
            throw;
        }
    }

    private async Task<ImportAnalysedBatch> AnalyseAsync(JobContext context, ImportParameters p, FaceEngine engine, ImportReadBatch batch, Dictionary<string, ImportDeduplicator.Original> earlier, ImportStageTimes times, CancellationToken ct)
    {
        var stage = Stopwatch.GetTimestamp();
        var duplicates = await ImportDeduplicator.FindAsync(context, p.GalleryId, batch.Read, earlier, ct);
        times.Dedupe += Lap(ref stage);
        var firsts = duplicates.Firsts;
        // Large files (not decoded ahead) are decoded and analysed a few at a time: a batch of large photos never holds all its pixels at once.
        var chunk = batch.Decoded is null ? LargeFilesAtOnce : Math.Max(1, firsts.Count);
        var decoded = new List<ImportWork>();
        for (var start = 0; start < firsts.Count; start += chunk)
        {
            var part = firsts.Skip(start).Take(chunk).ToList();
            ImportDecoder.Decode(engine.Decoder, part, batch.Decoded, ct);
            times.Decode += Lap(ref stage);
            var images = part.Where(w => w.Image is not null).ToList();
            analyser.Analyse(engine.Pipeline, images, times.Engine, ct);
            times.Analyse += Lap(ref stage);
            foreach (var w in images)
            {
                w.Image = null; // pixels are not needed any more (the chips are images of their own): let them go before the next batch
                if (w.Outcome != ImageOutcome.Unreadable)
                {
                    // As the gallery's row will name it (ImportWriter).
                    earlier[w.Hash!] = new ImportDeduplicator.Original(w.Name, p.Unlabelled ? UnlabelledHolding.Name : w.Item.Target, w.Width, w.Height);
                }
            }
            decoded.AddRange(images);
        }
        duplicates.MarkCopies(batch.Read);
        return new ImportAnalysedBatch(batch.Work, decoded);
    }

    private static TimeSpan Lap(ref long stage)
    {
        var now = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(stage, now);
        stage = now;
        return elapsed;
    }
}

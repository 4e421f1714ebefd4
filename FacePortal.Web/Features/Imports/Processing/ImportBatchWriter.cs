using System.Diagnostics;
using System.Threading.Channels;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>
/// The import's last stage, beside the analysis of the next batches: per analysed batch, the new files reserved for the
/// job (<see cref="ImageFileGuard"/>) and stored, then the rows written in one transaction with the items marked done,
/// progress, and the chips kept. Batches are written in the order they were read. A batch analysed is a batch
/// written: cancellation is honoured between batches only.
/// </summary>
internal sealed class ImportBatchWriter(
    JobContext context,
    ImportParameters p,
    ImageStore store,
    ImageFileGuard files,
    ImportChips chips,
    Dictionary<string, int> identities,
    ImportStageTimes times)
{
    public int Imported { get; private set; }

    public async Task RunAsync(ChannelReader<ImportAnalysedBatch> input, int done, int total, int errors, CancellationToken ct)
    {
        while (await input.WaitToReadAsync(ct))
        {
            while (input.TryRead(out var batch))
            {
                var stage = Stopwatch.GetTimestamp();
                await files.ReserveAsync(context.JobId, batch.Decoded.Select(w => w.Content!.Hash), ct);
                foreach (var w in batch.Decoded)
                {
                    await store.SaveAsync(w.Content!, ct);
                }
                times.Store += Lap(ref stage);
                await ImportWriter.WriteAsync(context, p, batch.Work, identities);
                done += batch.Work.Count;
                Imported += batch.Work.Count;
                errors += batch.Work.Count(w => w.Error is not null);
                await context.ReportAsync(done, total, Progress(done, total, errors), ct, force: true);
                times.Write += Lap(ref stage);
                // After the rows: a chip not kept (cancelled, or a disk error) is made from the stored landmarks when first asked for.
                await chips.KeepAsync(batch.Decoded, ct);
                times.Chips += Lap(ref stage);
            }
        }
    }

    public static string Progress(int done, int total, int errors) =>
        errors == 0 ? $"{done:N0} of {total:N0} files" : $"{done:N0} of {total:N0} files, {errors:N0} with errors";

    private static TimeSpan Lap(ref long stage)
    {
        var now = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(stage, now);
        stage = now;
        return elapsed;
    }
}

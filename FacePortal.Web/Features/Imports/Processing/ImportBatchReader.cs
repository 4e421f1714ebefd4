using System.Diagnostics;
using System.Threading.Channels;
using FacePortal.Engine.Imaging;
using FacePortal.Web.Features.Imports.Sources;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>
/// The import's first stage: the items not done, batch after batch, read, hashed and (when not too large) decoded,
/// one batch ahead of the analyser (the next is read once the analyser has taken the last).
/// </summary>
internal sealed class ImportBatchReader(JobContext context, IImportSource source, ImageDecoder decoder, int batchSize, ImportStageTimes times)
{
    /// <summary>A batch whose files add up to more than this is decoded in its turn, not ahead (two batches of large photos in memory at once).</summary>
    public const long ReadAheadDecodeBytes = 32L << 20;

    /// <summary>Writes every batch to <paramref name="output"/> and completes it (with the failure, if any).</summary>
    public async Task RunAsync(ChannelWriter<ImportReadBatch> output, CancellationToken ct)
    {
        try
        {
            var afterId = 0;
            while (await output.WaitToWriteAsync(ct))
            {
                var batch = await ReadAsync(afterId, ct);
                if (batch.Work.Count == 0)
                {
                    break;
                }
                await output.WriteAsync(batch, ct);
                afterId = batch.Work[^1].Item.Id;
            }
            output.TryComplete();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
            throw;
        }
    }

    /// <summary>The next items after <paramref name="afterId"/>, read and hashed, and decoded when they are not too large.</summary>
    private async Task<ImportReadBatch> ReadAsync(int afterId, CancellationToken ct)
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
        return new ImportReadBatch(work, read, decoded);
    }
}

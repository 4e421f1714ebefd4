using FacePortal.Engine.Detection;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Landmarks;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// "Embed this gallery with model X" (gallery-embed jobs): every face of the gallery without a descriptor of the model
/// gets one, computed from its stored box and landmarks (<see cref="FaceDescriber.Describe"/>: aligned again, never
/// detected again), batch by batch, each batch stored in one transaction. Cancel between batches (and inside the
/// engine); after a restart the job starts over and skips every face that already has the model's descriptor.
/// Writes nothing but that model's FaceDescriptors rows, and one activity entry at the end.
/// </summary>
public sealed class GalleryEmbedJobHandler(FaceEngineHost host, ImageStore store, ILogger<GalleryEmbedJobHandler> logger) : IJobHandler
{
    public const string JobKind = "gallery-embed";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var parameters = GalleryEmbedParameters.Parse(context.Parameters);
        await context.ReportAsync(0, 0, "waiting for the engine", cancellationToken, force: true);
        var engine = await host.GetAsync(cancellationToken);
        var describer = FaceDescriber.For(engine, parameters.Model);
        var signature = describer.Signature;
        int total, done;
        await using (var db = await context.Databases.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Galleries.AnyAsync(g => g.Id == parameters.GalleryId, cancellationToken))
            {
                throw new InvalidOperationException($"Gallery {parameters.GalleryId} no longer exists.");
            }
            total = await db.Faces.CountAsync(f => f.Image!.GalleryId == parameters.GalleryId, cancellationToken);
            done = await FaceDescriptors.CountAsync(db, parameters.GalleryId, signature, cancellationToken);
        }
        var atStart = done;
        var failed = 0;
        await context.ReportAsync(done, total, Progress(done, total, failed, parameters.Model), cancellationToken, force: true);

        // Enough faces per round for a few full network batches; the images they lie in are decoded once.
        var take = describer.BatchSize * 4;
        var lastId = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<Pending> batch;
            await using (var db = await context.Databases.CreateDbContextAsync(cancellationToken))
            {
                var model = db.For(signature);
                batch = await db.Faces.AsNoTracking()
                    .Where(f => f.Image!.GalleryId == parameters.GalleryId && f.Id > lastId && !model.Any(d => d.FaceId == f.Id))
                    .OrderBy(f => f.Id).Take(take)
                    .Select(f => new Pending(f.Id, f.Image!.ContentHash, f.Image.OriginalName, f.X, f.Y, f.Width, f.Height, f.Landmarks))
                    .ToListAsync(cancellationToken);
            }
            if (batch.Count == 0)
            {
                break;
            }
            lastId = batch[^1].FaceId;
            var (vectors, errors) = await DescribeAsync(describer, engine.Decoder, batch, cancellationToken);
            foreach (var (item, reason) in errors)
            {
                await context.AddErrorAsync(item, reason, cancellationToken);
            }
            var rows = batch.Zip(vectors).Where(p => p.Second is not null).Select(p => (p.First.FaceId, p.Second!)).ToList();
            await using (var db = await context.Databases.CreateDbContextAsync(CancellationToken.None))
            {
                // Not cancellable: a batch computed is a batch stored.
                done += await FaceDescriptors.StoreAsync(db, signature, rows, context.Now, CancellationToken.None);
            }
            failed += batch.Count - rows.Count;
            await context.ReportAsync(Math.Min(done + failed, total), total, Progress(done, total, failed, parameters.Model), cancellationToken, force: true);
        }

        await using (var db = await context.Databases.CreateDbContextAsync(CancellationToken.None))
        {
            // The entry moves the gallery's version, so every 1:N index of the model (and the cluster's shards) reloads.
            ActivityLog.Record(db, context.Now, context.User ?? "system", parameters.GalleryId, "embed",
                $"{done - atStart:N0} faces embedded with {parameters.Model} ({done:N0} of {total:N0} have its descriptor; {failed:N0} could not be measured)");
            await db.SaveChangesAsync(CancellationToken.None);
        }
        logger.LogInformation("Gallery {Gallery}: {Count} faces embedded with {Model} by job {Job}", parameters.GalleryId, done - atStart, parameters.Model, context.JobId);
        await context.ReportAsync(total, total, Progress(done, total, failed, parameters.Model), cancellationToken, force: true);
    }

    private static string Progress(int done, int total, int failed, string model) =>
        failed == 0
            ? $"{done:N0} of {total:N0} faces have a {model} descriptor"
            : $"{done:N0} of {total:N0} faces have a {model} descriptor; {failed:N0} too small or without landmarks";

    private async Task<(float[]?[] Vectors, List<(string Item, string Reason)> Errors)> DescribeAsync(
        FaceDescriber describer, ImageDecoder decoder, List<Pending> batch, CancellationToken ct)
    {
        var hashes = batch.Select(p => p.Hash).Distinct(StringComparer.Ordinal).ToList();
        var images = new RgbImage?[hashes.Count];
        var errors = new string?[hashes.Count];
        await Parallel.ForAsync(0, hashes.Count, ct, async (k, token) =>
        {
            try
            {
                images[k] = decoder.Decode(await store.ReadAsync(hashes[k], token), hashes[k]);
            }
            catch (Exception e) when (e is ImageDecodeException or IOException)
            {
                errors[k] = e.Message;
            }
        });
        var byHash = hashes.Select((h, k) => (h, k)).ToDictionary(x => x.h, x => images[x.k], StringComparer.Ordinal);
        var known = batch.Where(p => byHash[p.Hash] is not null).ToList();
        var described = describer.Describe([.. known.Select(p => new KnownFace(byHash[p.Hash]!, new FaceBox(p.X, p.Y, p.Width, p.Height), LandmarkCodec.Unpack(p.Landmarks)))], ct);
        var vectorOf = known.Select((p, n) => (p.FaceId, described[n])).ToDictionary(x => x.FaceId, x => x.Item2);
        var vectors = batch.Select(p => vectorOf.GetValueOrDefault(p.FaceId)).ToArray();
        var failures = new List<(string, string)>();
        for (var k = 0; k < hashes.Count; k++)
        {
            if (errors[k] is { } e)
            {
                failures.Add((batch.First(p => p.Hash == hashes[k]).Name, e));
            }
        }
        return (vectors, failures);
    }

    private sealed record Pending(int FaceId, string Hash, string Name, double X, double Y, double Width, double Height, float[] Landmarks);
}

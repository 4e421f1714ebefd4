using System.Diagnostics;
using FacePortal.Engine.Curation;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// "Cluster the unlabelled faces" (cluster jobs): reads the gallery's unlabelled faces with the model's descriptors,
/// finds each face's nearest neighbours a batch at a time (exact, or from an HNSW index above
/// <see cref="FaceClusterer.ExactLimit"/> faces), saving every batch to the job's checkpoint
/// (<see cref="ClusterCheckpoints"/>), then groups them (Chinese whispers) and replaces the gallery's clusters with the
/// result in one transaction, with an activity entry. After a restart the job reads the checkpoint back and goes on
/// from the first face not yet done, unless the faces or settings changed meanwhile (then it starts over). Cancel is
/// honoured inside every stage; no cluster is written until the end.
/// </summary>
public sealed class ClusterJobHandler(ClusterModels models, ClusterCheckpoints checkpoints, IOptions<ClusterOptions> options, ILogger<ClusterJobHandler> logger) : IJobHandler
{
    public const string JobKind = "cluster";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var parameters = ClusterParameters.Parse(context.Parameters);
        await context.ReportAsync(0, 3, "waiting for the engine", cancellationToken, force: true);
        var model = await models.ResolveAsync(parameters.GalleryId, parameters.Model, cancellationToken);
        var threshold = parameters.Threshold ?? model.DefaultThreshold;
        var k = options.Value.Neighbours;
        var clock = Stopwatch.StartNew();
        List<int> imageIds;
        DescriptorSet set;
        await using (var db = await context.Databases.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Galleries.AnyAsync(g => g.Id == parameters.GalleryId, cancellationToken))
            {
                throw new InvalidOperationException($"Gallery {parameters.GalleryId} no longer exists.");
            }
            checkpoints.Sweep(await db.Jobs.Where(j => j.Kind == JobKind && (j.State == JobState.Queued || j.State == JobState.Running))
                .Select(j => j.Id).ToHashSetAsync(cancellationToken));
            await context.ReportAsync(0, 3, "reading the unlabelled faces", cancellationToken, force: true);
            (imageIds, set) = await UnlabelledFaces.ReadAsync(db, parameters.GalleryId, model, null, cancellationToken);
        }

        // Progress counts faces through the neighbour search, then three steps: clustering, cohesion, writing.
        var total = set.Count + 3;
        var fingerprint = ClusterCheckpoints.Fingerprint(imageIds, set, model.Signature, threshold, k);
        int resumed;
        FaceClustering clustering;
        using (var checkpoint = checkpoints.Open(context.JobId, fingerprint, set.Count))
        {
            resumed = checkpoint.RowsResumed;
            if (resumed > 0)
            {
                logger.LogInformation("Cluster job {Job} resumes at face {Row} of {Count} from its checkpoint", context.JobId, resumed, set.Count);
            }
            if (checkpoint.RowsDone < set.Count)
            {
                await context.ReportAsync(checkpoint.RowsDone, total, $"{set.Count:N0} faces: {(resumed > 0 ? $"resumed at {resumed:N0}; " : "")}"
                    + (set.Count > FaceClusterer.ExactLimit ? "building the HNSW index" : "finding neighbours"), cancellationToken, force: true);
                using var finder = await Task.Run(() => FaceClusterer.Finder(set, k, threshold, cancellationToken), cancellationToken);
                while (checkpoint.RowsDone < set.Count)
                {
                    var start = checkpoint.RowsDone;
                    var batch = await Task.Run(() => finder.Find(start, Math.Min(options.Value.CheckpointFaces, set.Count - start), cancellationToken), cancellationToken);
                    checkpoint.Append(batch);
                    await context.ReportAsync(checkpoint.RowsDone, total, $"{set.Count:N0} faces: neighbours of {checkpoint.RowsDone:N0} found"
                        + (resumed > 0 ? $" (resumed at {resumed:N0})" : ""), cancellationToken, force: true);
                }
            }
            var lists = checkpoint.Lists;
            clustering = await Task.Run(() => FaceClusterer.FromNeighbours(set, threshold, lists, set.Count > FaceClusterer.ExactLimit, step =>
            {
                var (done, what) = step == "clustering" ? (set.Count, "Chinese whispers") : (set.Count + 1, "measuring cohesion");
                context.ReportAsync(done, total, $"{set.Count:N0} faces: {what}", cancellationToken, force: true).GetAwaiter().GetResult();
            }, cancellationToken), cancellationToken);
        }
        var members = FaceClusterer.Members(clustering.Labels);
        var seconds = clock.Elapsed.TotalSeconds;

        await using (var db = await context.Databases.CreateDbContextAsync(CancellationToken.None))
        {
            // Not cancellable: the clusters replace the old ones all at once or not at all.
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await db.FaceClusters.Where(c => c.GalleryId == parameters.GalleryId).ExecuteDeleteAsync(CancellationToken.None);
            for (var c = 0; c < members.Count; c++)
            {
                db.FaceClusters.Add(new FaceCluster
                {
                    GalleryId = parameters.GalleryId,
                    Model = model.Signature,
                    Metric = model.Metric,
                    Threshold = threshold,
                    Cohesion = clustering.Cohesion[c],
                    JobId = context.JobId,
                    ImageIds = [.. members[c].Select(r => imageIds[r])],
                    CreatedAt = context.Now,
                });
            }
            var singletons = members.Count(m => m.Count == 1);
            var summary = $"{set.Count:N0} unlabelled faces in {members.Count:N0} clusters ({singletons:N0} single faces) with {model.Name} at distance {threshold:0.###}"
                + $"{(clustering.Approximate ? ", graph from the HNSW index" : "")}, {seconds:0.0} s"
                + (resumed > 0 ? $" (resumed after a restart at face {resumed:N0})" : "");
            ActivityLog.Record(db, context.Now, context.User ?? "system", parameters.GalleryId, "cluster", summary);
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            checkpoints.Delete(context.JobId);
            await context.ReportAsync(total, total, summary, CancellationToken.None, force: true);
            logger.LogInformation("Gallery {Gallery}: {Summary} (job {Job})", parameters.GalleryId, summary, context.JobId);
        }
    }
}

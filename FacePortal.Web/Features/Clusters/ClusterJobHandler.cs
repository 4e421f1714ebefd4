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
/// groups them (<see cref="FaceClusterer"/>: Chinese whispers over the neighbour graph, exact or from an HNSW index),
/// and replaces the gallery's clusters with the result in one transaction, with an activity entry. Cancel is honoured
/// inside every stage; nothing is written until the end, so a job resumed after a restart simply runs again and writes
/// the same clusters (the clustering is seeded).
/// </summary>
public sealed class ClusterJobHandler(ClusterModels models, IOptions<ClusterOptions> options, ILogger<ClusterJobHandler> logger) : IJobHandler
{
    public const string JobKind = "cluster";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var parameters = ClusterParameters.Parse(context.Parameters);
        await context.ReportAsync(0, 4, "waiting for the engine", cancellationToken, force: true);
        var model = await models.ResolveAsync(parameters.GalleryId, parameters.Model, cancellationToken);
        var threshold = parameters.Threshold ?? model.DefaultThreshold;
        var clock = Stopwatch.StartNew();
        List<int> imageIds;
        DescriptorSet set;
        await using (var db = await context.Databases.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Galleries.AnyAsync(g => g.Id == parameters.GalleryId, cancellationToken))
            {
                throw new InvalidOperationException($"Gallery {parameters.GalleryId} no longer exists.");
            }
            await context.ReportAsync(0, 4, "reading the unlabelled faces", cancellationToken, force: true);
            (imageIds, set) = await UnlabelledFaces.ReadAsync(db, parameters.GalleryId, model, null, cancellationToken);
        }
        var stage = 1;
        void Progress(string step) => context.ReportAsync(++stage, 4, $"{set.Count:N0} faces: {step}", cancellationToken, force: true).GetAwaiter().GetResult();
        await context.ReportAsync(1, 4, $"{set.Count:N0} faces: building the neighbour graph", cancellationToken, force: true);
        var clustering = await Task.Run(() => FaceClusterer.Cluster(set, threshold, options.Value.Neighbours, step =>
        {
            if (step == "clustering")
            {
                Progress("Chinese whispers");
            }
            else if (step == "cohesion")
            {
                Progress("measuring cohesion");
            }
        }, cancellationToken), cancellationToken);
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
                + $"{(clustering.Approximate ? ", graph from the HNSW index" : "")}, {seconds:0.0} s";
            ActivityLog.Record(db, context.Now, context.User ?? "system", parameters.GalleryId, "cluster", summary);
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            await context.ReportAsync(4, 4, summary, CancellationToken.None, force: true);
            logger.LogInformation("Gallery {Gallery}: {Summary} (job {Job})", parameters.GalleryId, summary, context.JobId);
        }
    }
}

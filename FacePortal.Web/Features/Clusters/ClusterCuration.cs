using System.Security.Claims;
using FacePortal.Engine.Curation;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// The operator's answers in the cluster view, each one transaction through <see cref="GalleryWriter"/> with an
/// activity entry that <see cref="CurationUndo"/> reverses: name a cluster (a new identity, or merged into an existing
/// one: its unlabelled faces move there), split it (re-clustered at a stricter threshold), move a face out of it.
/// </summary>
public sealed class ClusterCuration(GalleryWriter writer, IOptions<ClusterOptions> options)
{
    /// <summary>Files the cluster's unlabelled faces under a new identity called <paramref name="name"/>; the result is its id.</summary>
    public async Task<ClusterChange> NameAsync(int clusterId, string name, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        name = GalleryNames.Clean(name, GalleryNames.MaxIdentityName, "identity");
        var taken = new GalleryException($"An identity named \"{name}\" already exists in this gallery: merge the cluster into it instead.", nameTaken: true);
        var (id, entry) = await writer.WriteAsync(async db =>
        {
            var (cluster, images) = await LoadAsync(db, clusterId, cancellationToken);
            if (await db.Identities.AnyAsync(i => i.GalleryId == cluster.GalleryId && i.Name == name, cancellationToken))
            {
                throw taken;
            }
            var created = new FaceIdentity { GalleryId = cluster.GalleryId, Name = name, CreatedAt = writer.Now };
            db.Identities.Add(created);
            await db.SaveChangesAsync(cancellationToken);
            var before = images.ToDictionary(i => i.Id, i => i.IdentityId);
            images.ForEach(i => i.IdentityId = created.Id);
            var recorded = writer.Record(db, who, cluster.GalleryId, "name-cluster", $"{images.Count} unlabelled faces named \"{name}\" (new identity): {GalleryWriter.Names(images)}",
                new UndoPayload { PreviousIdentity = before, CreatedIdentityId = created.Id });
            return (created.Id, recorded);
        }, taken, cancellationToken);
        return new ClusterChange(id, entry.Id);
    }

    /// <summary>Files the cluster's unlabelled faces under an existing identity of the gallery (also "Accept" of a suggestion); the result is the number of faces.</summary>
    public Task<ClusterChange> MergeIntoAsync(int clusterId, int identityId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        return ChangeAsync(async db =>
        {
            var (cluster, images) = await LoadAsync(db, clusterId, cancellationToken);
            var target = await GalleryWriter.FindIdentityAsync(db, identityId, cancellationToken);
            if (target.GalleryId != cluster.GalleryId || target.Unlabelled)
            {
                throw new GalleryException("Choose a named identity of this gallery.");
            }
            var before = images.ToDictionary(i => i.Id, i => i.IdentityId);
            images.ForEach(i => i.IdentityId = identityId);
            return (images.Count, writer.Record(db, who, cluster.GalleryId, "name-cluster", $"{images.Count} unlabelled faces merged into \"{target.Name}\": {GalleryWriter.Names(images)}",
                new UndoPayload { PreviousIdentity = before }));
        }, cancellationToken);
    }

    /// <summary>
    /// Splits the cluster into the clusters its faces form at a stricter threshold (<see cref="ClusterOptions.SplitFactor"/>
    /// of its own); the largest part keeps the cluster, the others become new ones. The result is the number of parts.
    /// </summary>
    public Task<ClusterChange> SplitAsync(int clusterId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        return ChangeAsync(async db =>
        {
            var (cluster, images) = await LoadAsync(db, clusterId, cancellationToken);
            var ids = images.Select(i => i.Id).ToList();
            var rows = await db.PrimaryFor(cluster.Model).Where(d => ids.Contains(d.Face!.ImageId))
                .OrderBy(d => d.Face!.ImageId).Select(d => new { d.Face!.ImageId, d.Vector }).ToListAsync(cancellationToken);
            var stricter = cluster.Threshold * options.Value.SplitFactor;
            var set = DescriptorSet.From([.. rows.Select(r => r.Vector)], cluster.Metric);
            var clustering = FaceClusterer.Cluster(set, stricter, options.Value.Neighbours, cancellationToken: cancellationToken);
            var parts = FaceClusterer.Members(clustering.Labels).Select(m => m.Select(r => rows[r].ImageId).ToList()).ToList();
            // Faces without a descriptor of the model stay with the largest part.
            var described = rows.Select(r => r.ImageId).ToHashSet();
            if (parts.Count < 2)
            {
                throw new GalleryException($"The cluster does not split at distance {stricter:0.###}: its faces are all alike at that threshold too.");
            }
            var previous = cluster.ImageIds.ToList();
            cluster.ImageIds = [.. parts[0], .. cluster.ImageIds.Where(id => !described.Contains(id))];
            var created = parts.Skip(1).Select((part, p) => new FaceCluster
            {
                GalleryId = cluster.GalleryId, Model = cluster.Model, Metric = cluster.Metric, Threshold = stricter,
                Cohesion = clustering.Cohesion[p + 1], ImageIds = part, CreatedAt = writer.Now,
            }).ToList();
            cluster.Threshold = stricter;
            cluster.Cohesion = clustering.Cohesion[0];
            db.FaceClusters.AddRange(created);
            await db.SaveChangesAsync(cancellationToken);
            return (parts.Count, writer.Record(db, who, cluster.GalleryId, "split-cluster", $"a cluster of {images.Count} faces into {parts.Count} at distance {stricter:0.###} (sizes {string.Join(", ", parts.Select(p => p.Count))})",
                new UndoPayload { PreviousClusterMembers = new() { [cluster.Id] = previous }, CreatedClusters = [.. created.Select(c => c.Id)] }));
        }, cancellationToken);
    }

    /// <summary>Takes one face out of the cluster: it stays unlabelled, as a cluster of its own. The result is the new cluster's id.</summary>
    public Task<ClusterChange> MoveOutAsync(int clusterId, int imageId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        return ChangeAsync(async db =>
        {
            var (cluster, images) = await LoadAsync(db, clusterId, cancellationToken);
            var image = images.FirstOrDefault(i => i.Id == imageId)
                ?? throw new GalleryException("That face is no longer in the cluster (named or moved meanwhile?).");
            if (images.Count == 1)
            {
                throw new GalleryException("The face is the cluster's only one: it is on its own already.");
            }
            var previous = cluster.ImageIds.ToList();
            cluster.ImageIds = [.. cluster.ImageIds.Where(id => id != imageId)];
            var single = new FaceCluster { GalleryId = cluster.GalleryId, Model = cluster.Model, Metric = cluster.Metric, Threshold = cluster.Threshold, ImageIds = [imageId], CreatedAt = writer.Now };
            db.FaceClusters.Add(single);
            await db.SaveChangesAsync(cancellationToken);
            return (single.Id, writer.Record(db, who, cluster.GalleryId, "move-out-of-cluster", $"\"{image.OriginalName}\" (face {image.PrimaryFaceIndex}) out of a cluster of {images.Count}",
                new UndoPayload { PreviousClusterMembers = new() { [cluster.Id] = previous }, CreatedClusters = [single.Id] }));
        }, cancellationToken);
    }

    /// <summary>Runs one change through the writer; the entry's id is the database's, known once the change is saved.</summary>
    private async Task<ClusterChange> ChangeAsync(Func<PortalDbContext, Task<(int Result, ActivityEntry Entry)>> work, CancellationToken cancellationToken)
    {
        var (result, entry) = await writer.WriteAsync(work, null, cancellationToken);
        return new ClusterChange(result, entry.Id);
    }

    /// <summary>The cluster and its faces still unlabelled (tracked); none left is an error the operator reads.</summary>
    private static async Task<(FaceCluster Cluster, List<GalleryImage> Images)> LoadAsync(PortalDbContext db, int clusterId, CancellationToken ct)
    {
        var cluster = await db.FaceClusters.FirstOrDefaultAsync(c => c.Id == clusterId, ct)
            ?? throw new GalleryException("The cluster no longer exists (clustered again meanwhile?). Reload the page.");
        var ids = cluster.ImageIds;
        var images = await db.Images.Where(i => ids.Contains(i.Id) && i.Identity!.Unlabelled && !i.Excluded).OrderBy(i => i.Id).ToListAsync(ct);
        return images.Count == 0 ? throw new GalleryException("None of the cluster's faces is unlabelled any more (named meanwhile?).") : (cluster, images);
    }
}

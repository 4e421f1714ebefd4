using System.Security.Claims;
using FacePortal.Engine.Curation;
using FacePortal.Engine.Recognition;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// The queue "is this &lt;name&gt;?": for each cluster (single faces too), the nearest named identity by centroid
/// distance, when within the cluster's threshold. Accept files the faces there (<see cref="ClusterCuration.MergeIntoAsync"/>);
/// Reject is stored per face and identity, and a cluster most of whose faces were rejected for an identity is never
/// asked about it again.
/// </summary>
public sealed class ClusterSuggestions(IDbContextFactory<PortalDbContext> databases, ClusterCuration curation, TimeProvider time, IOptions<ClusterOptions> options)
{
    /// <summary>Clusters considered per call (largest first): the queue is worked from the top.</summary>
    public const int ClustersConsidered = 500;

    public async Task<IReadOnlyList<ClusterSuggestion>> ListAsync(int galleryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var faces = await ClusterService.LiveFacesAsync(db, galleryId, cancellationToken);
        var clusters = (await ClusterService.LiveClustersAsync(db, galleryId, faces, cancellationToken)).Take(ClustersConsidered).ToList();
        if (clusters.Count == 0)
        {
            return [];
        }
        var rejected = (await db.SuggestionRejections.AsNoTracking().Where(r => r.GalleryId == galleryId)
            .Select(r => new { r.ImageId, r.IdentityId }).ToListAsync(cancellationToken)).Select(r => (r.ImageId, r.IdentityId)).ToHashSet();
        var result = new List<ClusterSuggestion>();
        foreach (var model in clusters.GroupBy(c => (c.Stored.Model, c.Stored.Metric)))
        {
            var (signature, metric) = model.Key;
            var centroids = await CentroidsAsync(db, galleryId, signature, metric, cancellationToken);
            if (centroids.Count == 0)
            {
                continue;
            }
            var wanted = model.SelectMany(c => c.View.Faces.Select(f => f.ImageId)).ToList();
            var vectors = new Dictionary<int, float[]>();
            foreach (var chunk in wanted.Chunk(500))
            {
                foreach (var row in await db.PrimaryFor(signature).Where(d => chunk.Contains(d.Face!.ImageId)).Select(d => new { d.Face!.ImageId, d.Vector }).ToListAsync(cancellationToken))
                {
                    vectors[row.ImageId] = row.Vector;
                }
            }
            foreach (var (stored, view) in model)
            {
                var mine = view.Faces.Where(f => vectors.ContainsKey(f.ImageId)).Select(f => vectors[f.ImageId]).ToList();
                if (mine.Count == 0 || mine.Any(v => v.Length != centroids[0].Centroid.Length))
                {
                    continue;
                }
                var centre = DescriptorSet.From(mine, metric).Mean(Enumerable.Range(0, mine.Count));
                var best = centroids
                    .Select(c => (c.IdentityId, c.Name, c.Sample, c.SampleFace, Distance: DescriptorMath.Distance(centre, c.Centroid, metric)))
                    .Where(c => c.Distance <= stored.Threshold)
                    .OrderBy(c => c.Distance)
                    .FirstOrDefault(c => view.Faces.Count(f => rejected.Contains((f.ImageId, c.IdentityId))) < options.Value.RejectedShare * view.Size);
                if (best.Name is not null)
                {
                    result.Add(new ClusterSuggestion(stored.Id, best.IdentityId, best.Name, best.Distance, view.Faces, best.Sample, best.SampleFace));
                }
            }
        }
        return [.. result.OrderBy(s => s.Distance).Take(options.Value.MaxSuggestions)];
    }

    /// <summary>"Yes": the cluster's faces go to the identity (undoable like any naming).</summary>
    public Task<ClusterChange> AcceptAsync(int clusterId, int identityId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        curation.MergeIntoAsync(clusterId, identityId, user, cancellationToken);

    /// <summary>
    /// "No": remembered for each of the cluster's faces, so the question is not asked again; the activity entry's undo
    /// forgets it (the suggestion can come back).
    /// </summary>
    public async Task<ClusterChange> RejectAsync(int clusterId, int identityId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var cluster = await db.FaceClusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == clusterId, cancellationToken)
            ?? throw new GalleryException("The cluster no longer exists (clustered again meanwhile?). Reload the page.");
        var identity = await db.Identities.AsNoTracking().FirstOrDefaultAsync(i => i.Id == identityId && i.GalleryId == cluster.GalleryId, cancellationToken)
            ?? throw new GalleryException("The identity no longer exists in this gallery.");
        var faces = await ClusterService.LiveFacesAsync(db, cluster.GalleryId, cancellationToken);
        var members = cluster.ImageIds.Where(faces.ContainsKey).ToList();
        var already = (await db.SuggestionRejections.Where(r => r.GalleryId == cluster.GalleryId && r.IdentityId == identityId && members.Contains(r.ImageId))
            .Select(r => r.ImageId).ToListAsync(cancellationToken)).ToHashSet();
        var now = time.GetUtcNow();
        // Only the rows added here go on undo: an earlier rejection of the same face stays.
        var added = members.Where(m => !already.Contains(m))
            .Select(m => new SuggestionRejection { GalleryId = cluster.GalleryId, ImageId = m, IdentityId = identityId, CreatedBy = who, CreatedAt = now }).ToList();
        db.SuggestionRejections.AddRange(added);
        await db.SaveChangesAsync(cancellationToken);
        var entry = ActivityLog.Record(db, now, who, cluster.GalleryId, "reject-suggestion", $"a cluster of {members.Count} faces is not \"{identity.Name}\"",
            new UndoPayload { CreatedRejections = [.. added.Select(r => r.Id)] });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ClusterChange(added.Count, entry.Id);
    }

    private sealed record IdentityCentre(int IdentityId, string Name, float[] Centroid, string? Sample, int SampleFace);

    /// <summary>Each named identity's centroid over its included primary faces of the model.</summary>
    private static async Task<List<IdentityCentre>> CentroidsAsync(PortalDbContext db, int galleryId, string signature, DistanceMetric metric, CancellationToken ct)
    {
        var rows = await db.PrimaryFor(signature).Named().Where(d => d.Face!.Image!.GalleryId == galleryId && !d.Face.Image.Excluded)
            .Select(d => new { d.Face!.Image!.IdentityId, Name = d.Face.Image.Identity!.Name, d.Face.Image.ContentHash, d.Face.Index, d.Vector }).ToListAsync(ct);
        var dimension = rows.Count == 0 ? 0 : rows[0].Vector.Length;
        return [.. rows.Where(r => r.Vector.Length == dimension).GroupBy(r => r.IdentityId).Select(g =>
        {
            var list = g.ToList();
            var set = DescriptorSet.From([.. list.Select(r => r.Vector)], metric);
            return new IdentityCentre(g.Key, list[0].Name, set.Mean(Enumerable.Range(0, list.Count)), list[0].ContentHash, list[0].Index);
        })];
    }
}

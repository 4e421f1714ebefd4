using System.Security.Claims;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// The cluster view's reading side: a gallery's unlabelled faces and their stored clusters, a live sample to re-form
/// at any threshold, and the clustering job that applies a threshold to all of them.
/// </summary>
public sealed class ClusterService(IDbContextFactory<PortalDbContext> databases, ClusterModels models, JobService jobs, IOptions<ClusterOptions> options)
{
    public ClusterOptions Options => options.Value;

    public Task<ClusterModel> ModelAsync(int galleryId, string? model, CancellationToken cancellationToken) => models.ResolveAsync(galleryId, model, cancellationToken);

    /// <summary>The gallery's clusters as they stand (named faces have left them); null for an unknown gallery.</summary>
    public async Task<ClusterOverview?> OverviewAsync(int galleryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var name = await db.Galleries.Where(g => g.Id == galleryId).Select(g => g.Name).FirstOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return null;
        }
        var faces = await LiveFacesAsync(db, galleryId, cancellationToken);
        var clusters = await LiveClustersAsync(db, galleryId, faces, cancellationToken);
        var clustered = clusters.Sum(c => c.View.Size);
        var newest = clusters.Count == 0 ? null : clusters.MaxBy(c => c.Stored.Id)!.Stored;
        return new ClusterOverview(galleryId, name, faces.Count, faces.Count - clustered, clusters.Count, clusters.Count(c => c.View.Size == 1),
            newest?.Threshold, newest?.CreatedAt, [.. clusters.Select(c => c.View).Take(Options.MaxClustersShown)]);
    }

    /// <summary>One stored cluster as it stands, or null when it is gone or empty.</summary>
    public async Task<ClusterView?> GetAsync(int clusterId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var cluster = await db.FaceClusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == clusterId, cancellationToken);
        if (cluster is null)
        {
            return null;
        }
        var faces = await LiveFacesAsync(db, cluster.GalleryId, cancellationToken);
        var view = View(cluster, faces);
        return view.Size == 0 ? null : view;
    }

    public async Task<bool> GalleryExistsAsync(int galleryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Galleries.AnyAsync(g => g.Id == galleryId, cancellationToken);
    }

    /// <summary>The gallery a stored cluster belongs to; null when there is no such cluster.</summary>
    public async Task<int?> GalleryOfAsync(int clusterId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.FaceClusters.Where(c => c.Id == clusterId).Select(c => (int?)c.GalleryId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The first <see cref="ClusterOptions.SampleSize"/> unlabelled faces with descriptors of the model, for live re-forming.</summary>
    public async Task<ClusterSample> SampleAsync(int galleryId, string? model, CancellationToken cancellationToken)
    {
        var resolved = await models.ResolveAsync(galleryId, model, cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var (imageIds, set) = await UnlabelledFaces.ReadAsync(db, galleryId, resolved, Options.SampleSize, cancellationToken);
        var faces = await LiveFacesAsync(db, galleryId, cancellationToken);
        return new ClusterSample(resolved, [.. imageIds.Select(id => faces[id])], set, Options.Neighbours);
    }

    /// <summary>Starts a clustering job for the gallery's unlabelled faces; returns its id.</summary>
    public async Task<int> StartAsync(int galleryId, string? model, double? threshold, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        if (threshold is { } t && (!double.IsFinite(t) || t < 0))
        {
            throw new GalleryException($"The threshold must be a finite distance of 0 or more (got {t}).");
        }
        string gallery;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            gallery = await db.Galleries.Where(g => g.Id == galleryId).Select(g => g.Name).FirstOrDefaultAsync(cancellationToken)
                ?? throw new GalleryException($"There is no gallery {galleryId}.");
        }
        var resolved = await models.ResolveAsync(galleryId, model, cancellationToken);
        var parameters = new ClusterParameters(galleryId, resolved.Name, threshold ?? resolved.DefaultThreshold);
        return await jobs.EnqueueAsync(ClusterJobHandler.JobKind, $"Cluster the unlabelled faces of {gallery} at {parameters.Threshold:0.###}", parameters.ToJson(), who, cancellationToken);
    }

    /// <summary>The gallery's unlabelled, included image rows by id.</summary>
    internal static async Task<Dictionary<int, ClusterFace>> LiveFacesAsync(PortalDbContext db, int galleryId, CancellationToken ct) =>
        await db.Images.AsNoTracking().Where(i => i.GalleryId == galleryId && i.Identity!.Unlabelled && !i.Excluded)
            .Select(i => new ClusterFace(i.Id, i.ContentHash, i.PrimaryFaceIndex, i.OriginalName))
            .ToDictionaryAsync(f => f.ImageId, ct);

    /// <summary>The gallery's stored clusters with their live members, largest first, empty ones left out.</summary>
    internal static async Task<List<(FaceCluster Stored, ClusterView View)>> LiveClustersAsync(PortalDbContext db, int galleryId, Dictionary<int, ClusterFace> faces, CancellationToken ct)
    {
        var stored = await db.FaceClusters.AsNoTracking().Where(c => c.GalleryId == galleryId).ToListAsync(ct);
        return [.. stored.Select(c => (c, View(c, faces))).Where(x => x.Item2.Size > 0)
            .OrderByDescending(x => x.Item2.Size).ThenBy(x => x.c.Id)];
    }

    internal static ClusterView View(FaceCluster cluster, Dictionary<int, ClusterFace> faces) =>
        new(cluster.Id, cluster.Threshold, cluster.Cohesion, [.. cluster.ImageIds.Where(faces.ContainsKey).Select(id => faces[id])]);
}

using FacePortal.Engine.Curation;

namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// The first faces of a gallery's unlabelled ones, held in memory so the cluster view re-forms their clusters live as
/// the threshold slider moves (milliseconds for a few hundred faces); the job then applies the chosen threshold to all.
/// </summary>
public sealed class ClusterSample(ClusterModel model, IReadOnlyList<ClusterFace> faces, DescriptorSet set, int neighbours)
{
    public ClusterModel Model => model;

    public int Count => faces.Count;

    /// <summary>The sample's clusters at <paramref name="threshold"/>, largest first (singletons included).</summary>
    public IReadOnlyList<ClusterView> Form(double threshold, CancellationToken cancellationToken = default)
    {
        var clustering = FaceClusterer.Cluster(set, threshold, neighbours, cancellationToken: cancellationToken);
        return [.. FaceClusterer.Members(clustering.Labels).Select((rows, c) => new ClusterView(-1 - c, threshold, clustering.Cohesion[c], [.. rows.Select(r => faces[r])]))];
    }
}

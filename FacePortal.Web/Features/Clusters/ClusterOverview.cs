namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// A gallery's unlabelled faces and their clusters: how many faces, how many clusters and single faces, how many
/// faces no clustering has seen yet (imported since), and the largest clusters.
/// </summary>
public sealed record ClusterOverview(
    int GalleryId,
    string GalleryName,
    int UnlabelledFaces,
    int Unclustered,
    int Clusters,
    int Singletons,
    double? Threshold,
    DateTimeOffset? FormedAt,
    IReadOnlyList<ClusterView> Largest);

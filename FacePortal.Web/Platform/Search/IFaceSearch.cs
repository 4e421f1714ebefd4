using FacePortal.Engine.Search;

namespace FacePortal.Web.Platform.Search;

/// <summary>
/// 1:N search over a gallery's descriptors, the one way the portal searches: in this process
/// (<see cref="EmbeddedFaceSearch"/>, the default) or over shards on an Orleans cluster
/// (<c>FacePortal:Search:Mode = Cluster</c>). Both throw <see cref="GalleryNotFoundException"/> for an unknown gallery.
/// </summary>
public interface IFaceSearch
{
    /// <summary>
    /// The k nearest identities to the probe, scored as <paramref name="scoring"/> says. A cluster that cannot reach
    /// every shard within the deadline answers with those that did, flagged partial; it never fails the query.
    /// </summary>
    Task<FaceSearchAnswer> IdentifyAsync(GallerySearch gallery, float[] probe, int k, IdentityScoring scoring, CancellationToken cancellationToken);

    /// <summary>What a search of the gallery runs over (size, identities, approximate index and its recall).</summary>
    Task<GalleryIndexInfo> InfoAsync(GallerySearch gallery, CancellationToken cancellationToken);

    /// <summary>
    /// Every descriptor of the gallery in one in-process snapshot, for work that reads them all (1:N evaluation's
    /// probe/gallery split). Both modes answer it from this process's index cache.
    /// </summary>
    Task<GalleryIndex> SnapshotAsync(GallerySearch gallery, CancellationToken cancellationToken);
}

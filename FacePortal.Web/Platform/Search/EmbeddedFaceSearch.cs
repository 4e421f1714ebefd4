using FacePortal.Engine.Search;

namespace FacePortal.Web.Platform.Search;

/// <summary>Today's index: one <see cref="GalleryIndex"/> per gallery in this process (exact scan, HNSW when large).</summary>
public sealed class EmbeddedFaceSearch(GalleryIndexCache indexes) : IFaceSearch
{
    public async Task<FaceSearchAnswer> IdentifyAsync(GallerySearch gallery, float[] probe, int k, IdentityScoring scoring, CancellationToken cancellationToken)
    {
        var index = await SnapshotAsync(gallery, cancellationToken);
        return new FaceSearchAnswer(index.Identify(probe, k, scoring), Partial: false, SearchedFraction: 1, GalleryIndexInfo.Of(index));
    }

    public async Task<GalleryIndexInfo> InfoAsync(GallerySearch gallery, CancellationToken cancellationToken) =>
        GalleryIndexInfo.Of(await SnapshotAsync(gallery, cancellationToken));

    public Task<GalleryIndex> SnapshotAsync(GallerySearch gallery, CancellationToken cancellationToken) =>
        indexes.GetAsync(gallery.GalleryId, gallery.Signature, gallery.Metric, gallery.Dimensions, cancellationToken);
}

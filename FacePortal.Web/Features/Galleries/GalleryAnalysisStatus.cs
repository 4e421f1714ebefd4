namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// Where a gallery's stored analysis stands, for the pages and GET /api/galleries/{id}/analysis: when it was computed,
/// over how many faces, how, and whether the gallery has changed since (<see cref="Stale"/>); the job now refreshing it.
/// </summary>
public sealed record GalleryAnalysisStatus(int GalleryId, string? Model, DateTimeOffset? ComputedAt, int Faces, bool Approximate, double? Recall,
    double? Threshold, double? Seconds, bool Stale, int? PendingJobId)
{
    public bool Computed => ComputedAt is not null;
}

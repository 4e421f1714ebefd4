namespace FacePortal.Web.Features.PairSets;

/// <summary>A pair set's statistics, as lists and the REST API show them.</summary>
public sealed record PairSetSummary(
    int Id, int GalleryId, string GalleryName, string Name, string Source, int Folds, int Positives, int Negatives,
    int Identities, int Images, string Parameters, string? CreatedBy, DateTimeOffset CreatedAt);

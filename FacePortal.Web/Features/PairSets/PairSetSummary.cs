namespace FacePortal.Web.Features.PairSets;

/// <summary>
/// A pair set's statistics, as lists and the REST API show them; <paramref name="Sampling"/> (random, hard, matched,
/// related; null for imported sets) and <paramref name="ImpostorTagPrefix"/> say how its impostors were drawn.
/// </summary>
public sealed record PairSetSummary(
    int Id, int GalleryId, string GalleryName, string Name, string Source, int Folds, int Positives, int Negatives,
    int Identities, int Images, string Parameters, string? CreatedBy, DateTimeOffset CreatedAt, string? Sampling = null, string? ImpostorTagPrefix = null);

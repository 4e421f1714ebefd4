namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// A gallery with its counts, for the pages and the REST API alike. <c>Images</c> counts the usable images (not the
/// duplicate copies nor the unreadable files an import recorded); <c>Faces</c> every face detected in them;
/// <c>Outcomes</c>, given for one gallery (null in lists), counts every stored image by its import outcome, keyed by
/// the outcome's camelCase name. <c>Model</c> is the embedding model Verify and Identify use for the gallery (null: the
/// engine's default).
/// </summary>
public sealed record GallerySummary(int Id, string Name, DateTimeOffset CreatedAt, int Identities, int Images, int Faces, IReadOnlyDictionary<string, int>? Outcomes)
{
    public string? Model { get; init; }
}

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// A gallery with its counts. <c>Images</c> counts the usable images (not the duplicates nor the unreadable ones,
/// which <c>Outcomes</c> lists with the rest); <c>Faces</c> every face detected in them.
/// </summary>
public sealed record GalleryApiSummary(int Id, string Name, DateTimeOffset CreatedAt, int Identities, int Images, int Faces, IReadOnlyDictionary<string, int>? Outcomes);

using FacePortal.Engine.Search;

namespace FacePortal.Web.Platform.Search;

/// <summary>
/// The nearest identities, nearest first; <see cref="Partial"/> when some of the gallery could not be searched in
/// time, with <see cref="SearchedFraction"/> the share of its descriptors that was.
/// </summary>
public sealed record FaceSearchAnswer(IReadOnlyList<IdentityCandidate> Candidates, bool Partial, double SearchedFraction, GalleryIndexInfo Index);

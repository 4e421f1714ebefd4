namespace FacePortal.Engine.Search;

/// <summary>
/// One identity of a ranked answer: its distance to the probe (smaller is nearer), a score for display (higher is
/// better), and the image it is shown with (its best-matching image, or for centroid scoring its most typical one).
/// </summary>
public sealed record IdentityCandidate(int IdentityId, string Identity, double Distance, double Score, int ImageId, string ContentHash);

using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Analysis;

namespace FacePortal.Web.Features.Identification;

/// <summary>
/// One probe face and its answer: the ranked identities, and "unknown" when the nearest does not pass the threshold
/// (or the face could not be measured).
/// </summary>
public sealed record FaceIdentification(AnalyzedFace Face, bool Unknown, IReadOnlyList<IdentityCandidate> Candidates)
{
    /// <summary>What the face's box is labelled with.</summary>
    public string Label => Unknown || Candidates.Count == 0 ? "unknown" : Candidates[0].Identity;

    /// <summary>The answer at another threshold (the page's slider): no new search needed.</summary>
    public bool UnknownAt(double threshold) => Candidates.Count == 0 || Candidates[0].Distance > threshold;

    public string LabelAt(double threshold) => UnknownAt(threshold) ? "unknown" : Candidates[0].Identity;
}

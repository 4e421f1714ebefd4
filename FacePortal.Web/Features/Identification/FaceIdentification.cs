using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Analysis;

namespace FacePortal.Web.Features.Identification;

/// <summary>
/// One probe face and its answer: the ranked identities, and "unknown" when the nearest does not pass the threshold
/// (or the face could not be measured). <see cref="AssignedRank"/> is the candidate it answers with: not always the first,
/// because another face of the same photo may be nearer to that identity (<see cref="PhotoAssignment"/>).
/// </summary>
public sealed record FaceIdentification(AnalyzedFace Face, bool Unknown, IReadOnlyList<IdentityCandidate> Candidates)
{
    /// <summary>The rank (0-based) of the candidate this face answers with; meaningless when <see cref="Unknown"/>.</summary>
    public int AssignedRank { get; init; }

    /// <summary>The identity the face answers with, or null for unknown.</summary>
    public IdentityCandidate? Answer => Unknown || Candidates.Count == 0 ? null : Candidates[AssignedRank];

    /// <summary>What the face's box is labelled with.</summary>
    public string Label => Answer?.Identity ?? "unknown";
}

using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Search;

namespace FacePortal.Web.Features.Identification;

/// <summary>
/// A probe searched in a gallery: every face with its answer (the primary one first in <see cref="Primary"/>),
/// the threshold and scoring used, the index searched, the model and provider, and the time spent.
/// </summary>
public sealed record IdentificationResult(
    AnalyzedImage Probe,
    IReadOnlyList<FaceIdentification> Faces,
    int GalleryId,
    double Threshold,
    IdentityScoring Scoring,
    GalleryIndexInfo Index,
    string Model,
    string ExecutionProvider,
    StageTimings Milliseconds,
    double SearchMilliseconds)
{
    /// <summary>The answer for the image's primary face; null when no face was found.</summary>
    public FaceIdentification? Primary => Faces.FirstOrDefault(f => f.Face.IsPrimary) ?? Faces.FirstOrDefault();

    /// <summary>The share of the gallery searched (the least over the faces); below 1 when a cluster answered partially.</summary>
    public double SearchedFraction { get; init; } = 1;

    /// <summary>
    /// The faces answered at another threshold (the page's slider; no new search): one photo's faces never share an
    /// identity, so moving the threshold can move a face to its next candidate.
    /// </summary>
    public IReadOnlyList<FaceIdentification> At(double threshold) => AssignAt(Faces, threshold);

    public static IReadOnlyList<FaceIdentification> AssignAt(IReadOnlyList<FaceIdentification> faces, double threshold)
    {
        // A face that could not be measured has no candidates, so it stays unknown.
        var ranks = PhotoAssignment.Ranks(faces.Select(f => f.Candidates).ToList(), threshold);
        return faces.Select((f, i) => f with { Unknown = ranks[i] < 0, AssignedRank = Math.Max(ranks[i], 0) }).ToList();
    }

    /// <summary>True when some shards of a cluster did not answer in time (<see cref="SearchedFraction"/> says how much was searched).</summary>
    public bool Partial { get; init; }
}

using FacePortal.Engine.Recognition;

namespace FacePortal.Web.Features.Galleries;

/// <summary>Curation settings ("FacePortal:Galleries").</summary>
public sealed record GalleryOptions
{
    public const string Section = "FacePortal:Galleries";

    /// <summary>Two primary faces closer than this are listed as near duplicates.</summary>
    public double NearDuplicateDistance { get; init; } = 0.25;

    /// <summary>How descriptors are compared (the built-in face-api model is Euclidean).</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.Euclidean;

    /// <summary>Most pairs a duplicate search returns (a gallery of copies would otherwise list millions).</summary>
    public int MaxPairs { get; init; } = 2000;

    /// <summary>Gallery analysis: neighbours per face in the index (k of the k-nearest-neighbour graph).</summary>
    public int AnalysisNeighbours { get; init; } = 10;

    /// <summary>Gallery analysis: near pairs up to this distance are stored, so the page's distance can move up to it without a new job.</summary>
    public double AnalysisNearCeiling { get; init; } = 0.45;

    /// <summary>Gallery analysis: the defect threshold when the model has no saved operating point (the face-api model's usual 0.6).</summary>
    public double AnalysisDefectDistance { get; init; } = 0.6;

    /// <summary>Gallery analysis: at least this many faces use the approximate (HNSW) index instead of an exact scan; 0 = always exact.</summary>
    public int AnalysisApproximateAbove { get; init; } = 20_000;

    /// <summary>Gallery analysis: most near pairs and suspects stored per list.</summary>
    public int AnalysisMaxStored { get; init; } = 50_000;
}

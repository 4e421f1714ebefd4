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
}

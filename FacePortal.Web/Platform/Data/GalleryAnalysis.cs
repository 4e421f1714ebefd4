namespace FacePortal.Web.Platform.Data;

/// <summary>
/// The stored result of a gallery-analysis job for one gallery and model (pipeline signature): near duplicates,
/// suspected mislabels and the gallery's defects as JSON, with the gallery version it was computed for, so pages
/// open on it at once and say when the gallery has changed since.
/// </summary>
public sealed class GalleryAnalysis
{
    public int Id { get; set; }

    public int GalleryId { get; set; }

    /// <summary>The pipeline signature of the descriptors analysed.</summary>
    public required string Model { get; set; }

    /// <summary>The gallery's change token (<c>GalleryVersion</c>) when the analysis read it.</summary>
    public required string Version { get; set; }

    public DateTimeOffset ComputedAt { get; set; }

    /// <summary>The job that computed it (null when computed in-process, e.g. by a test).</summary>
    public int? JobId { get; set; }

    /// <summary>Faces (primary, not excluded) analysed.</summary>
    public int Faces { get; set; }

    /// <summary>True when the neighbour lists came from the approximate (HNSW) index rather than an exact scan.</summary>
    public bool Approximate { get; set; }

    /// <summary>The approximate index's measured recall@10 against exact search (null when the scan was exact).</summary>
    public double? Recall { get; set; }

    /// <summary>The distance threshold the defects were found at (the model's operating point).</summary>
    public double Threshold { get; set; }

    /// <summary>How long the computation took, in seconds.</summary>
    public double Seconds { get; set; }

    /// <summary>The lists (<c>GalleryAnalysisResult</c>) as JSON.</summary>
    public required string Json { get; set; }
}

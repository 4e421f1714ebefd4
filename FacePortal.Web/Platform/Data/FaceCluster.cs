using FacePortal.Engine.Recognition;

namespace FacePortal.Web.Platform.Data;

/// <summary>
/// A group of a gallery's unlabelled faces that a clustering job found alike (Chinese whispers over the faces'
/// neighbour graph, one model, one distance threshold). Members are image rows of the gallery's unlabelled holding
/// identity (one row per face); a member named since (moved to a person) simply no longer counts. Singletons are kept.
/// </summary>
public sealed class FaceCluster
{
    public int Id { get; set; }

    public int GalleryId { get; set; }

    /// <summary>The pipeline signature of the descriptors it was formed from.</summary>
    public required string Model { get; set; }

    /// <summary>How those descriptors are compared.</summary>
    public DistanceMetric Metric { get; set; }

    /// <summary>The distance threshold it was formed at (neighbours closer than this are linked).</summary>
    public double Threshold { get; set; }

    /// <summary>Mean distance between its members when formed (lower = tighter); 0 for a single face.</summary>
    public double Cohesion { get; set; }

    /// <summary>The job that formed it; null for clusters made by a split or a face moved out.</summary>
    public int? JobId { get; set; }

    /// <summary>Image ids of its faces, largest clusters first when listed.</summary>
    public List<int> ImageIds { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

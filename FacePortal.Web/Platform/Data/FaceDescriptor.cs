namespace FacePortal.Web.Platform.Data;

/// <summary>
/// A face's descriptor for one model: one row per face per model signature (detection, alignment, flip and
/// embedding settings), so a face keeps its descriptors of every model side by side.
/// </summary>
public sealed class FaceDescriptor
{
    public long Id { get; set; }

    public int FaceId { get; set; }

    public DetectedFace? Face { get; set; }

    /// <summary>The pipeline signature the vector was computed with.</summary>
    public required string Model { get; set; }

    public required float[] Vector { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

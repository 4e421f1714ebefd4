namespace FacePortal.Web.Platform.Data;

/// <summary>A face the engine found in an image, with its landmarks, quality and its descriptors (one per model).</summary>
public sealed class DetectedFace
{
    public int Id { get; set; }

    public int ImageId { get; set; }

    public GalleryImage? Image { get; set; }

    /// <summary>Position in the detector's output for the image.</summary>
    public int Index { get; set; }

    public double X { get; set; }

    public double Y { get; set; }

    public double Width { get; set; }

    public double Height { get; set; }

    public double Score { get; set; }

    /// <summary>68 points, x,y interleaved, image pixels; empty when the face was too small to measure.</summary>
    public float[] Landmarks { get; set; } = [];

    /// <summary>Variance of the Laplacian of the aligned crop: higher is sharper.</summary>
    public double Sharpness { get; set; }

    /// <summary>Head yaw estimated from the landmarks, degrees (negative: turned to the image's left).</summary>
    public double Yaw { get; set; }

    /// <summary>One per model signature (read them through <see cref="FaceDescriptors"/>).</summary>
    public List<FaceDescriptor> Descriptors { get; set; } = [];

    public double Size => Math.Sqrt(Math.Max(0, Width * Height));
}

using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;

namespace FacePortal.Engine.Pipeline;

/// <summary>
/// One face of an image: box and score, 68 landmarks (image pixels), and, when computed, the descriptor, the
/// aligned chip it was computed from (what the recognition network saw, rounded to bytes: kept so nobody aligns
/// the face again to show it) and that chip's sharpness (variance of the Laplacian; higher is sharper).
/// </summary>
public sealed record FaceResult(FaceDetection Detection, FaceLandmarks? Landmarks, float[]? Descriptor, double? Sharpness = null, RgbImage? Chip = null)
{
    /// <summary>Side of the detection box (geometric mean of width and height), in pixels.</summary>
    public double Size => Math.Sqrt(Math.Max(0, Detection.Box.Width * Detection.Box.Height));
}

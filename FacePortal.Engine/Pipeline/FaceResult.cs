using FacePortal.Engine.Detection;

namespace FacePortal.Engine.Pipeline;

/// <summary>One face of an image: box and score, 68 landmarks (image pixels) and descriptor when computed.</summary>
public sealed record FaceResult(FaceDetection Detection, FaceLandmarks? Landmarks, float[]? Descriptor)
{
    /// <summary>Side of the detection box (geometric mean of width and height), in pixels.</summary>
    public double Size => Math.Sqrt(Math.Max(0, Detection.Box.Width * Detection.Box.Height));
}

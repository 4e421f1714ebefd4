using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;

namespace FacePortal.Engine.Pipeline;

/// <summary>A batched face detector: every face of every image, in original pixels, above a score.</summary>
public interface IFaceDetector
{
    string Name { get; }

    IReadOnlyList<FaceDetection[]> Detect(IReadOnlyList<RgbImage> images, double minScore, CancellationToken cancellationToken);
}

using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Runtime;

namespace FacePortal.Engine.Pipeline;

/// <summary>face-api's Tiny Face Detector on ONNX Runtime: pad bottom/right, resize, one batched run, decode.</summary>
public sealed class TinyFaceDetector(OnnxNetwork network, int inputSize, int batchSize) : IFaceDetector
{
    public string Name => $"tiny-face-detector-{inputSize}";

    public IReadOnlyList<FaceDetection[]> Detect(IReadOnlyList<RgbImage> images, double minScore, CancellationToken cancellationToken)
    {
        var results = new FaceDetection[images.Count][];
        BatchRunner.Run(network, images.Count, batchSize,
            (i, input) => FaceApiResize.CropPadResize(images[i], images[i].Bounds, SquarePad.BottomRight, inputSize, input),
            (i, outputs) => results[i] = TinyFaceDetectorDecoder.Decode(outputs[0].Span, images[i].Width, images[i].Height, inputSize, minScore),
            cancellationToken);
        return results;
    }
}

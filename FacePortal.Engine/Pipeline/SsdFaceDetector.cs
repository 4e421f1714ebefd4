using FacePortal.Engine.Detection;
using FacePortal.Engine.Detection.Ssd;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Runtime;

namespace FacePortal.Engine.Pipeline;

/// <summary>face-api's SSD MobileNet v1 on ONNX Runtime: slower than Tiny, used when Tiny finds nothing.</summary>
public sealed class SsdFaceDetector(OnnxNetwork network, int batchSize) : IFaceDetector
{
    private const int InputSize = SsdMobilenetV1Converter.InputSize;

    public string Name => "ssd-mobilenet-v1";

    public IReadOnlyList<FaceDetection[]> Detect(IReadOnlyList<RgbImage> images, double minScore, CancellationToken cancellationToken)
    {
        var boxes = network.OutputIndex(SsdMobilenetV1Converter.BoxesName);
        var scores = network.OutputIndex(SsdMobilenetV1Converter.ScoresName);
        var options = new SsdDecoderOptions(minScore);
        var results = new FaceDetection[images.Count][];
        // 512x512 inputs: keep a batch's memory modest.
        BatchRunner.Run(network, images.Count, Math.Min(batchSize, 8),
            (i, input) => FaceApiResize.CropPadResize(images[i], images[i].Bounds, SquarePad.BottomRight, InputSize, input),
            (i, outputs) => results[i] = SsdDecoder.Decode(outputs[boxes].Span, outputs[scores].Span, images[i].Width, images[i].Height, options).ToArray(),
            cancellationToken);
        return results;
    }
}

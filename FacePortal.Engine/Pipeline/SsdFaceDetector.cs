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
        const int item = InputSize * InputSize * 3;
        var boxesIndex = network.OutputIndex(SsdMobilenetV1Converter.BoxesName);
        var scoresIndex = network.OutputIndex(SsdMobilenetV1Converter.ScoresName);
        var results = new FaceDetection[images.Count][];
        var batch = Math.Max(1, Math.Min(batchSize, 8)); // 512x512 inputs: keep a batch's memory modest
        var buffer = new float[Math.Min(batch, Math.Max(1, images.Count)) * item];
        var options = new SsdDecoderOptions(minScore);
        for (var start = 0; start < images.Count; start += batch)
        {
            var n = Math.Min(batch, images.Count - start);
            Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                FaceApiResize.CropPadResize(images[start + i], images[start + i].Bounds, SquarePad.BottomRight, InputSize, buffer.AsSpan(i * item, item)));
            var outputs = network.Run(buffer, n, cancellationToken);
            var boxes = outputs[boxesIndex];
            var scores = outputs[scoresIndex];
            var perBoxes = boxes.Length / n;
            var perScores = scores.Length / n;
            for (var i = 0; i < n; i++)
            {
                var image = images[start + i];
                results[start + i] = SsdDecoder.Decode(boxes.AsSpan(i * perBoxes, perBoxes), scores.AsSpan(i * perScores, perScores),
                    image.Width, image.Height, options).ToArray();
            }
        }
        return results;
    }
}

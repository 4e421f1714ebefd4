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
        var item = inputSize * inputSize * 3;
        var results = new FaceDetection[images.Count][];
        var batch = Math.Max(1, batchSize);
        var buffer = new float[Math.Min(batch, Math.Max(1, images.Count)) * item];
        for (var start = 0; start < images.Count; start += batch)
        {
            var n = Math.Min(batch, images.Count - start);
            Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                FaceApiResize.CropPadResize(images[start + i], images[start + i].Bounds, SquarePad.BottomRight, inputSize, buffer.AsSpan(i * item, item)));
            var output = network.Run(buffer, n, cancellationToken)[0];
            var per = output.Length / n;
            for (var i = 0; i < n; i++)
            {
                var image = images[start + i];
                results[start + i] = TinyFaceDetectorDecoder.Decode(output.AsSpan(i * per, per), image.Width, image.Height, inputSize, minScore);
            }
        }
        return results;
    }
}

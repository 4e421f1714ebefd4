using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Landmarks;
using FacePortal.Engine.Runtime;

namespace FacePortal.Engine.Pipeline;

/// <summary>face-api's 68-point landmark net on ONNX Runtime: crop the detection, pad, resize to 112, batched run, map back.</summary>
public sealed class LandmarkDetector(OnnxNetwork network, int batchSize)
{
    private const int InputSize = FaceLandmarkMapper.InputSize;

    /// <summary>Landmarks for each face; null where the detection lies outside its image.</summary>
    public FaceLandmarks?[] Detect(IReadOnlyList<(RgbImage Image, FaceBox Box)> faces, CancellationToken cancellationToken)
    {
        const int item = InputSize * InputSize * 3;
        var results = new FaceLandmarks?[faces.Count];
        var crops = faces.Select(f => FaceLandmarkMapper.LandmarkInputBox(f.Box, f.Image.Width, f.Image.Height)).ToArray();
        var valid = Enumerable.Range(0, faces.Count).Where(i => crops[i] is not null).ToList();
        var batch = Math.Max(1, batchSize);
        var buffer = new float[Math.Min(batch, Math.Max(1, valid.Count)) * item];
        for (var start = 0; start < valid.Count; start += batch)
        {
            var n = Math.Min(batch, valid.Count - start);
            Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var k = valid[start + i];
                FaceApiResize.CropPadResize(faces[k].Image, crops[k]!.Value, SquarePad.Centred, InputSize, buffer.AsSpan(i * item, item));
            });
            var output = network.Run(buffer, n, cancellationToken)[0];
            var per = output.Length / n;
            for (var i = 0; i < n; i++)
            {
                var k = valid[start + i];
                var raw = output.AsSpan(i * per, per);
                var (image, box) = faces[k];
                var crop = crops[k]!.Value;
                var alignment = FaceLandmarkMapper.AlignmentBox(raw, crop, box);
                results[k] = new FaceLandmarks(
                    FaceLandmarkMapper.ToImagePoints(raw, crop, box),
                    FaceLandmarkMapper.DescriptorInputBox(alignment, image.Width, image.Height));
            }
        }
        return results;
    }
}

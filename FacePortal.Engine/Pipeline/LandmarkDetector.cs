using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Landmarks;
using FacePortal.Engine.Runtime;

namespace FacePortal.Engine.Pipeline;

/// <summary>face-api's 68-point landmark net on ONNX Runtime: crop the detection, pad, resize to 112, batched run, map back.</summary>
public sealed class LandmarkDetector(OnnxNetwork network, int batchSize)
{
    /// <summary>Landmarks for each face; null where the detection lies outside its image.</summary>
    public FaceLandmarks?[] Detect(IReadOnlyList<(RgbImage Image, FaceBox Box)> faces, CancellationToken cancellationToken)
    {
        var results = new FaceLandmarks?[faces.Count];
        var crops = faces.Select(f => FaceLandmarkMapper.LandmarkInputBox(f.Box, f.Image.Width, f.Image.Height)).ToArray();
        var valid = Enumerable.Range(0, faces.Count).Where(i => crops[i] is not null).ToArray();
        BatchRunner.Run(network, valid.Length, batchSize,
            (i, input) => FaceApiResize.CropPadResize(faces[valid[i]].Image, crops[valid[i]]!.Value, SquarePad.Centred, FaceLandmarkMapper.InputSize, input),
            (i, outputs) =>
            {
                var k = valid[i];
                var raw = outputs[0].Span;
                var (image, box) = faces[k];
                var crop = crops[k]!.Value;
                var alignment = FaceLandmarkMapper.AlignmentBox(raw, crop, box);
                results[k] = new FaceLandmarks(
                    FaceLandmarkMapper.ToImagePoints(raw, crop, box),
                    FaceLandmarkMapper.DescriptorInputBox(alignment, image.Width, image.Height));
            },
            cancellationToken);
        return results;
    }
}

using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Runtime;

namespace FacePortal.Engine.Pipeline;

/// <summary>
/// face-api's Tiny Face Detector on ONNX Runtime, over one graph that takes any multiple of 32: every pass that
/// <see cref="DetectorInput"/> plans (the whole image, and tiles of large images) is padded bottom/right, resized and
/// decoded as face-api does; passes of one input size run batched together; each image's passes are then merged.
/// </summary>
public sealed class TinyFaceDetector(OnnxNetwork network, DetectorInput input, int batchSize) : IFaceDetector
{
    public string Name => $"tiny-face-detector-{input.MaxInputSize}";

    public DetectorInput Input => input;

    /// <summary>The same network with other input settings.</summary>
    public TinyFaceDetector With(DetectorInput other, int batch) => other == input && batch == batchSize ? this : new(network, other, batch);

    public IReadOnlyList<FaceDetection[]> Detect(IReadOnlyList<RgbImage> images, double minScore, CancellationToken cancellationToken)
    {
        var plans = images.Select(i => input.Plan(i.Width, i.Height)).ToArray();
        var runs = plans.SelectMany((plan, image) => plan.Select(pass => (Image: image, Pass: pass))).ToList();
        var found = new FaceDetection[runs.Count][];
        foreach (var group in Enumerable.Range(0, runs.Count).GroupBy(r => runs[r].Pass.InputSize))
        {
            Run(images, runs, group.ToArray(), group.Key, minScore, found, cancellationToken);
        }

        var results = new FaceDetection[images.Count][];
        var next = 0;
        for (var i = 0; i < images.Count; i++)
        {
            var passes = plans[i].Select((pass, k) => (pass, found[next + k])).ToList();
            next += plans[i].Count;
            results[i] = DetectionMerge.Merge(passes, images[i].Width, images[i].Height);
        }
        return results;
    }

    private void Run(IReadOnlyList<RgbImage> images, List<(int Image, DetectorPass Pass)> runs, int[] members, int size,
        double minScore, FaceDetection[][] found, CancellationToken cancellationToken)
    {
        int[] itemShape = [size, size, 3];
        var itemSize = size * size * 3;
        var batch = network.FixedBatch ?? Math.Max(1, batchSize);
        var buffer = new float[(network.FixedBatch ?? Math.Min(batch, members.Length)) * itemSize];
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        for (var start = 0; start < members.Length; start += batch)
        {
            var n = Math.Min(batch, members.Length - start);
            Parallel.For(0, n, options, k =>
            {
                var (image, pass) = runs[members[start + k]];
                FaceApiResize.CropPadResize(images[image], pass.Region, SquarePad.BottomRight, size, buffer.AsSpan(k * itemSize, itemSize));
            });
            var count = network.FixedBatch ?? n;
            var output = network.Run(buffer, count, itemShape, cancellationToken)[0];
            var per = output.Length / count;
            Parallel.For(0, n, options, k =>
            {
                var r = runs[members[start + k]].Pass;
                var faces = TinyFaceDetectorDecoder.Decode(output.AsSpan(k * per, per), r.Region.Width, r.Region.Height, size, minScore);
                found[members[start + k]] = r.Region.X == 0 && r.Region.Y == 0
                    ? faces
                    : faces.Select(f => f with { Box = f.Box with { X = f.Box.X + r.Region.X, Y = f.Box.Y + r.Region.Y } }).ToArray();
            });
        }
    }
}

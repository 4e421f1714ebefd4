using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Models.Converters;
using FacePortal.Tests.Engine.Models;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Detection;

public class TinyFaceDetectorGoldenTests(ITestOutputHelper output)
{
    private const int Size = TinyFaceDetectorConverter.DefaultInputSize;

    // The demo images are JPEGs: ImageSharp and jpeg-js decode them a little differently, so boxes
    // are compared by IoU and scores within 0.02 rather than bit for bit.
    [FaceApiGoldenFact]
    public void ConvertAndDecode_DemoImages_MatchFaceApiTinyBoxes()
    {
        var minIoU = 1.0;
        var maxScoreDiff = 0.0;
        var total = 0;
        foreach (var file in FaceApiRef.GoldenFiles("sample*.json"))
        {
            using var golden = FaceApiRef.Golden(file);
            var image = golden.RootElement.GetProperty("image");
            var rgb = FaceApiRef.LoadDemo(image.GetProperty("file").GetString()!);
            Assert.Equal(image.GetProperty("width").GetInt32(), rgb.Width);
            Assert.Equal(image.GetProperty("height").GetInt32(), rgb.Height);

            var ours = Detect(rgb);

            var expected = image.GetProperty("tiny").EnumerateArray().ToList();
            Assert.Equal(expected.Count, ours.Length);
            foreach (var e in expected)
            {
                var box = new FaceBox(e.GetProperty("x").GetDouble(), e.GetProperty("y").GetDouble(),
                    e.GetProperty("w").GetDouble(), e.GetProperty("h").GetDouble());
                var best = ours.MaxBy(d => d.Box.IoU(box));
                var iou = best.Box.IoU(box);
                var scoreDiff = Math.Abs(best.Score - e.GetProperty("score").GetDouble());
                minIoU = Math.Min(minIoU, iou);
                maxScoreDiff = Math.Max(maxScoreDiff, scoreDiff);
                total++;
                output.WriteLine($"{file}: IoU {iou:F5} score {best.Score:F5} vs {e.GetProperty("score").GetDouble():F5}");
                Assert.True(iou >= 0.95, $"{file}: IoU {iou} for golden box {box}");
                Assert.True(scoreDiff <= 0.02, $"{file}: score diff {scoreDiff}");
            }
        }
        output.WriteLine($"{total} tiny boxes: min IoU {minIoU:F6}, max score diff {maxScoreDiff:E2}");
        Assert.True(total > 0);
    }

    // PNG input: exact pixels, so the boxes must agree to float rounding.
    [TrackingPngFact]
    public void ConvertAndDecode_TrackingPng_MatchesFaceApiTightly()
    {
        using var golden = FaceApiRef.Golden("tracking-faces-png.json");
        var rgb = FaceApiRef.LoadImage(TrackingPngFactAttribute.PngPath);
        var expected = golden.RootElement.GetProperty("image").GetProperty("tiny").EnumerateArray().ToList();

        var ours = Detect(rgb);

        Assert.Equal(expected.Count, ours.Length);
        var worstPx = 0.0;
        var worstScore = 0.0;
        for (var i = 0; i < ours.Length; i++)
        {
            var e = expected[i];
            var b = ours[i].Box;
            worstPx = new[]
            {
                worstPx, Math.Abs(b.X - e.GetProperty("x").GetDouble()), Math.Abs(b.Y - e.GetProperty("y").GetDouble()),
                Math.Abs(b.Width - e.GetProperty("w").GetDouble()), Math.Abs(b.Height - e.GetProperty("h").GetDouble()),
            }.Max();
            worstScore = Math.Max(worstScore, Math.Abs(ours[i].Score - e.GetProperty("score").GetDouble()));
        }
        output.WriteLine($"tracking PNG: {ours.Length} boxes in the same order, max {worstPx:E2} px, score max {worstScore:E2}");
        Assert.True(worstPx <= 1e-3, $"{worstPx} px");
        Assert.True(worstScore <= 1e-5, $"score {worstScore}");
    }

    [Fact]
    public void Convert_OtherInputSize_GivesMatchingGrid()
    {
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(
            TinyFaceDetectorConverter.Convert(FaceApiRef.Weights("tiny_face_detector_model"), 224));
        var result = ConvertedModels.Run(session, new float[2 * 224 * 224 * 3], 2, 224);

        Assert.Equal(2 * 7 * 7 * 25, result.Length);
    }

    private static FaceDetection[] Detect(RgbImage rgb)
    {
        var input = new float[Size * Size * 3];
        FaceApiResize.CropPadResize(rgb, rgb.Bounds, SquarePad.BottomRight, Size, input);
        var raw = ConvertedModels.Run(ConvertedModels.Tiny416, input, 1, Size);
        return TinyFaceDetectorDecoder.Decode(raw, rgb.Width, rgb.Height, Size);
    }
}

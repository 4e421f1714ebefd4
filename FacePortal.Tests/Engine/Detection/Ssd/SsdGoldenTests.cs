using System.Diagnostics;
using FacePortal.Engine.Detection;
using FacePortal.Engine.Detection.Ssd;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Detection.Ssd;

/// <summary>
/// Converted SSD + <see cref="SsdDecoder"/> against face-api's own detections (golden/, tfjs WASM backend).
/// Images are decoded by ImageSharp here and by jpeg-js there, so the pixels (and hence boxes) differ slightly.
/// </summary>
public sealed class SsdGoldenTests(ITestOutputHelper output)
{
    private const double MinIou = 0.95;
    private const double MaxScoreDiff = 0.02;
    private const double ExactMinIou = 0.999;
    private const double ExactMaxScoreDiff = 1e-4;

    public static TheoryData<string> Samples => new() { "sample1", "sample2", "sample3", "sample4", "sample5", "sample6" };

    [FaceApiGoldenTheory]
    [MemberData(nameof(Samples))]
    public void Detect_DemoSample_MatchesFaceApiGolden(string sample)
    {
        var imagePath = Path.Combine(FaceApiPackage.Directory, "demo", sample + ".jpg");
        CompareWithGolden(sample + ".json", imagePath, MinIou, MaxScoreDiff);
    }

    [FaceApiGoldenTheory]
    [InlineData("tracking-faces-png.json")]
    [InlineData("tracking-faces.json")]
    public void Detect_TrackingGroupPhoto_MatchesFaceApiGolden(string golden)
    {
        var (_, _, source, _) = SsdTestData.ReadGolden(golden);
        // The source names faceapi-ref's node_modules/tracking/...: the same package, fetched with npm.
        Assert.Null(TrackingPackage.MissingReason);
        var imagePath = TrackingPackage.Resolve(source);
        // A PNG gives face-api's exact pixels, so only float rounding is left: hold it to a much tighter bound.
        var exact = imagePath.EndsWith(".png", StringComparison.OrdinalIgnoreCase);
        CompareWithGolden(golden, imagePath, exact ? ExactMinIou : MinIou, exact ? ExactMaxScoreDiff : MaxScoreDiff);
    }

    [FaceApiGoldenFact]
    public void Run_OneDemoImage_OutputsHaveDocumentedShapesAndRanges()
    {
        var image = SsdTestData.LoadRgb(Path.Combine(FaceApiPackage.Directory, "demo", "sample1.jpg"));
        var input = SsdTestData.ToInput(image);

        var result = ConvertedModels.RunSsd(input, 1);
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            ConvertedModels.RunSsd(input, 1);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        output.WriteLine($"SSD 512 on this CPU: median {times[2]:F1} ms per image (batch 1; runs {string.Join(", ", times.Select(t => t.ToString("F0")))} ms)");

        Assert.Equal(SsdMobilenetV1Converter.AnchorCount * 4, result.Boxes.Length);
        Assert.Equal(SsdMobilenetV1Converter.AnchorCount, result.Scores.Length);
        Assert.All(result.Scores, s => Assert.InRange(s, 0f, 1f));
        Assert.All(result.Boxes, b => Assert.True(float.IsFinite(b)));
    }

    private void CompareWithGolden(string goldenFile, string imagePath, double minIou, double maxScoreDiff)
    {
        var (width, height, _, golden) = SsdTestData.ReadGolden(goldenFile);
        var image = SsdTestData.LoadRgb(imagePath);
        Assert.Equal((width, height), (image.Width, image.Height));

        var result = ConvertedModels.RunSsd(SsdTestData.ToInput(image), 1);
        var ours = SsdDecoder.Decode(result.Boxes, result.Scores, image.Width, image.Height);

        var worstIou = 1.0;
        var worstScore = 0.0;
        var worstPixels = 0.0;
        var used = new HashSet<int>();
        foreach (var g in golden)
        {
            var best = Enumerable.Range(0, ours.Count).Where(i => !used.Contains(i))
                .Select(i => (Index: i, Iou: SsdTestData.Iou(g, ours[i])))
                .DefaultIfEmpty((Index: -1, Iou: 0.0))
                .MaxBy(m => m.Iou);
            Assert.True(best.Index >= 0 && best.Iou >= minIou, $"{goldenFile}: golden face {g} has no match (best IoU {best.Iou:F4}).");
            used.Add(best.Index);
            var scoreDiff = Math.Abs(ours[best.Index].Score - g.Score);
            Assert.True(scoreDiff <= maxScoreDiff, $"{goldenFile}: score {ours[best.Index].Score} vs golden {g.Score}.");
            worstIou = Math.Min(worstIou, best.Iou);
            worstScore = Math.Max(worstScore, scoreDiff);
            var o = ours[best.Index];
            worstPixels = Math.Max(worstPixels, new[] { o.X - g.X, o.Y - g.Y, o.Width - g.Width, o.Height - g.Height }.Max(Math.Abs));
        }
        output.WriteLine($"{goldenFile}: {golden.Count} golden faces, {ours.Count} ours; worst IoU {worstIou:F5}, worst |score diff| {worstScore:E2}, worst |x,y,w,h diff| {worstPixels:G3} px");
        foreach (var f in ours)
        {
            output.WriteLine($"  ours {Format(f)}");
        }
        Assert.Equal(golden.Count, ours.Count);
    }

    private static string Format(FaceDetection f) => $"x={f.X:F2} y={f.Y:F2} w={f.Width:F2} h={f.Height:F2} score={f.Score:F5}";
}

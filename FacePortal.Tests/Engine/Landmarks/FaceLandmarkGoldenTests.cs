using System.Text.Json;
using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Landmarks;
using FacePortal.Tests.Engine.Models;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Landmarks;

public class FaceLandmarkGoldenTests(ITestOutputHelper output)
{
    private const int Size = FaceLandmarkMapper.InputSize;

    // Post-processing alone, fed face-api's own raw outputs: every box must be identical and the points
    // equal up to float32 storage (Vector2) of coordinates up to ~2000 px.
    [FaceApiGoldenFact]
    public void Mapper_GoldenRawOutputs_ReproduceFaceApiBoxesAndPoints()
    {
        var faces = 0;
        var worstPoint = 0.0;
        foreach (var (file, image, face) in GoldenFaces(includeTracking: true))
        {
            var (w, h) = (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32());
            var detection = Box(face.GetProperty("box"));
            var raw = FaceApiRef.Floats(face.GetProperty("landmarksRaw"));

            var inputBox = FaceLandmarkMapper.LandmarkInputBox(detection, w, h);
            Assert.Equal(FaceApiRef.Rect(face.GetProperty("landmarkInputBox")), inputBox);
            var points = FaceLandmarkMapper.ToImagePoints(raw, inputBox!.Value, detection);
            worstPoint = Math.Max(worstPoint, MaxPointDiff(points, face.GetProperty("landmarks")));
            var aligned = FaceLandmarkMapper.AlignmentBox(raw, inputBox.Value, detection);
            Assert.True(FaceApiRef.Rect(face.GetProperty("alignedRect")) == aligned, $"{file}: alignment box {aligned}");
            Assert.Equal(FaceApiRef.Rect(face.GetProperty("descriptorInputBox")), FaceLandmarkMapper.DescriptorInputBox(aligned, w, h));
            faces++;
        }
        output.WriteLine($"{faces} faces: boxes identical, points max |diff| {worstPoint:E2} px");
        Assert.True(faces >= 22);
        Assert.True(worstPoint <= 1e-3, $"points differ by {worstPoint} px");
    }

    // The whole chain on the demo JPEGs. ImageSharp and jpeg-js decode JPEGs slightly differently, so the
    // net sees slightly different pixels: tolerances, not identity.
    [FaceApiGoldenFact]
    public void ConvertedNet_DemoImages_MatchFaceApiLandmarks()
    {
        var worstRaw = 0.0;
        var worstPoint = 0.0;
        var worstBox = 0;
        var faces = 0;
        var images = new Dictionary<string, RgbImage>();
        foreach (var (file, image, face) in GoldenFaces(includeTracking: false))
        {
            var name = image.GetProperty("file").GetString()!;
            if (!images.TryGetValue(name, out var rgb))
            {
                images[name] = rgb = FaceApiRef.LoadDemo(name);
            }
            var detection = Box(face.GetProperty("box"));
            var inputBox = FaceLandmarkMapper.LandmarkInputBox(detection, rgb.Width, rgb.Height)!.Value;
            var raw = RunNet(rgb, inputBox);

            worstRaw = Math.Max(worstRaw, FaceApiRef.MaxAbsDiff(FaceApiRef.Floats(face.GetProperty("landmarksRaw")), raw));
            worstPoint = Math.Max(worstPoint, MaxPointDiff(FaceLandmarkMapper.ToImagePoints(raw, inputBox, detection), face.GetProperty("landmarks")));
            var aligned = FaceLandmarkMapper.AlignmentBox(raw, inputBox, detection);
            var descriptorBox = FaceLandmarkMapper.DescriptorInputBox(aligned, rgb.Width, rgb.Height)!.Value;
            worstBox = Math.Max(worstBox, MaxRectDiff(descriptorBox, FaceApiRef.Rect(face.GetProperty("descriptorInputBox"))));
            faces++;
        }
        output.WriteLine($"{faces} faces: raw max |diff| {worstRaw:E2}, points max {worstPoint:F3} px, descriptor box max {worstBox} px");
        Assert.True(faces >= 22);
        Assert.True(worstRaw <= 0.01, $"raw {worstRaw}");
        Assert.True(worstPoint <= 1.5, $"points {worstPoint} px");
        Assert.True(worstBox <= 2, $"descriptor box {worstBox} px");
    }

    // PNG input: exact pixels, so tight tolerances. The PNG comes from the npm package 'tracking'
    // (faceapi-ref's dev dependency), present only where faceapi-ref's node_modules were installed.
    [TrackingPngFact]
    public void ConvertedNet_TrackingPng_MatchesFaceApiTightly()
    {
        using var golden = FaceApiRef.Golden("tracking-faces-png.json");
        var image = golden.RootElement.GetProperty("image");
        var rgb = FaceApiRef.LoadImage(TrackingPngFactAttribute.PngPath);
        var worstRaw = 0.0;
        var worstPoint = 0.0;
        foreach (var face in image.GetProperty("faces").EnumerateArray())
        {
            var detection = Box(face.GetProperty("box"));
            var inputBox = FaceLandmarkMapper.LandmarkInputBox(detection, rgb.Width, rgb.Height)!.Value;
            var raw = RunNet(rgb, inputBox);
            worstRaw = Math.Max(worstRaw, FaceApiRef.MaxAbsDiff(FaceApiRef.Floats(face.GetProperty("landmarksRaw")), raw));
            worstPoint = Math.Max(worstPoint, MaxPointDiff(FaceLandmarkMapper.ToImagePoints(raw, inputBox, detection), face.GetProperty("landmarks")));
            var aligned = FaceLandmarkMapper.AlignmentBox(raw, inputBox, detection);
            Assert.Equal(FaceApiRef.Rect(face.GetProperty("descriptorInputBox")), FaceLandmarkMapper.DescriptorInputBox(aligned, rgb.Width, rgb.Height));
        }
        output.WriteLine($"tracking PNG: raw max |diff| {worstRaw:E2}, points max {worstPoint:E2} px");
        Assert.True(worstRaw <= 1e-5, $"raw {worstRaw}");
        Assert.True(worstPoint <= 1e-3, $"points {worstPoint} px");
    }

    [Fact]
    public void ConvertedNet_BatchOfFaces_EqualsSingleRuns()
    {
        var rgb = FaceApiRef.LoadDemo("sample1.jpg");
        PixelRect[] boxes = [new(413, 355, 177, 238), new(100, 50, 300, 200), new(0, 0, 90, 90)];
        var batch = new float[boxes.Length * Size * Size * 3];
        for (var i = 0; i < boxes.Length; i++)
        {
            FaceApiResize.CropPadResize(rgb, boxes[i], SquarePad.Centred, Size, batch.AsSpan(i * Size * Size * 3));
        }

        var batched = ConvertedModels.Run(ConvertedModels.Landmarks, batch, boxes.Length, Size);

        for (var i = 0; i < boxes.Length; i++)
        {
            var single = RunNet(rgb, boxes[i]);
            Assert.True(FaceApiRef.MaxAbsDiff(single, batched.AsSpan(i * 136, 136).ToArray()) <= 1e-6);
        }
    }

    private static float[] RunNet(RgbImage rgb, PixelRect inputBox)
    {
        var input = new float[Size * Size * 3];
        FaceApiResize.CropPadResize(rgb, inputBox, SquarePad.Centred, Size, input);
        return ConvertedModels.Run(ConvertedModels.Landmarks, input, 1, Size);
    }

    private static IEnumerable<(string File, JsonElement Image, JsonElement Face)> GoldenFaces(bool includeTracking)
    {
        var files = FaceApiRef.GoldenFiles("sample*.json");
        if (includeTracking)
        {
            files = files.Concat(FaceApiRef.GoldenFiles("tracking-faces*.json"));
        }
        foreach (var file in files)
        {
            using var golden = FaceApiRef.Golden(file);
            var image = golden.RootElement.GetProperty("image").Clone();
            foreach (var face in image.GetProperty("faces").EnumerateArray())
            {
                yield return (file, image, face);
            }
        }
    }

    private static FaceBox Box(JsonElement e) =>
        new(e.GetProperty("x").GetDouble(), e.GetProperty("y").GetDouble(), e.GetProperty("w").GetDouble(), e.GetProperty("h").GetDouble());

    private static double MaxPointDiff(System.Numerics.Vector2[] points, JsonElement expected)
    {
        var max = 0.0;
        var i = 0;
        foreach (var p in expected.EnumerateArray())
        {
            var xy = FaceApiRef.Doubles(p);
            max = Math.Max(max, Math.Max(Math.Abs(points[i].X - xy[0]), Math.Abs(points[i].Y - xy[1])));
            i++;
        }
        Assert.Equal(points.Length, i);
        return max;
    }

    private static int MaxRectDiff(PixelRect a, PixelRect b) =>
        new[] { a.X - b.X, a.Y - b.Y, a.Width - b.Width, a.Height - b.Height }.Max(Math.Abs);
}

using System.Text.Json;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Models.Tfjs;
using FacePortal.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FacePortal.Tests.Engine.Models;

/// <summary>Access to face-api's weights and demo images (fetched with npm) and the faceapi-ref goldens, read in place.</summary>
internal static class FaceApiRef
{
    public static string RefFolder => Path.Combine(RepoPaths.Shared, "tools", "faceapi-ref");
    public static string GoldenFolder => Path.Combine(RefFolder, "golden");
    public static string ModelFolder => Path.Combine(FaceApiPackage.Directory, "model");

    public static TfjsWeights Weights(string model) => TfjsWeights.Load(Path.Combine(ModelFolder, model + "-weights_manifest.json"));

    public static JsonDocument Golden(string file) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(GoldenFolder, file)));

    public static IEnumerable<string> GoldenFiles(string pattern) =>
        Directory.EnumerateFiles(GoldenFolder, pattern).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static RgbImage LoadImage(string path)
    {
        using var image = Image.Load<Rgb24>(path);
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return new RgbImage(image.Width, image.Height, pixels);
    }

    /// <summary>A demo image (sampleN.jpg) from face-api's package.</summary>
    public static RgbImage LoadDemo(string file) => LoadImage(Path.Combine(FaceApiPackage.Directory, "demo", file));

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => e.GetSingle()).ToArray();

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static PixelRect Rect(JsonElement e) =>
        new(e.GetProperty("x").GetInt32(), e.GetProperty("y").GetInt32(), e.GetProperty("w").GetInt32(), e.GetProperty("h").GetInt32());

    public static double MaxAbsDiff(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        Assert.Equal(a.Count, b.Count);
        var max = 0.0;
        for (var i = 0; i < a.Count; i++)
        {
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }
        return max;
    }
}

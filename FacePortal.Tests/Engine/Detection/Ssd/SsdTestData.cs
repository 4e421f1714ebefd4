using System.Text.Json;
using FacePortal.Engine.Detection;
using FacePortal.Engine.Detection.Ssd;
using FacePortal.Engine.Imaging;
using FacePortal.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FacePortal.Tests.Engine.Detection.Ssd;

/// <summary>Golden files of tools/faceapi-ref and the images they were made from.</summary>
internal static class SsdTestData
{
    public static string RefFolder => Path.Combine(RepoPaths.Shared, "tools", "faceapi-ref");

    public static string GoldenPath(string file) => Path.Combine(RefFolder, "golden", file);

    /// <summary>The golden's image block: width, height, source (relative to the faceapi-ref folder) and ssd faces.</summary>
    public static (int Width, int Height, string Source, List<FaceDetection> Faces) ReadGolden(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(GoldenPath(file)));
        var image = doc.RootElement.GetProperty("image");
        var faces = image.GetProperty("ssd").EnumerateArray()
            .Select(f => new FaceDetection(
                new FaceBox(f.GetProperty("x").GetDouble(), f.GetProperty("y").GetDouble(),
                    f.GetProperty("w").GetDouble(), f.GetProperty("h").GetDouble()),
                f.GetProperty("score").GetDouble()))
            .ToList();
        return (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32(),
            image.GetProperty("source").GetString() ?? "", faces);
    }

    public static RgbImage LoadRgb(string path)
    {
        using var image = Image.Load<Rgb24>(path);
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return new RgbImage(image.Width, image.Height, pixels);
    }

    /// <summary>face-api's SSD input: bottom/right zero pad to a square, bilinear resize to 512.</summary>
    public static float[] ToInput(RgbImage image)
    {
        const int s = SsdMobilenetV1Converter.InputSize;
        var input = new float[s * s * 3];
        FaceApiResize.CropPadResize(image, image.Bounds, SquarePad.BottomRight, s, input);
        return input;
    }

    public static double Iou(FaceDetection a, FaceDetection b)
    {
        var w = Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X);
        var h = Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y);
        var inter = Math.Max(0, w) * Math.Max(0, h);
        return inter / (a.Width * a.Height + b.Width * b.Height - inter);
    }
}

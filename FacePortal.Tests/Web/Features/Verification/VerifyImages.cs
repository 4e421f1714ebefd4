using System.Text;
using FacePortal.Tests.Engine.Imaging;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Analysis;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;

namespace FacePortal.Tests.Web.Features.Verification;

/// <summary>Real face images (face-api's demo pictures, LFW when present) and hostile or faceless ones.</summary>
internal static class VerifyImages
{
    public static string Demo(int n) => Path.Combine(FaceApiPackage.Directory, "demo", $"sample{n}.jpg");

    public static ImageInput DemoInput(int n) => new($"sample{n}.jpg", File.ReadAllBytes(Demo(n)));

    public static string LfwImages => SharedData.LfwImages;

    public static string Lfw(string person, int n) => Path.Combine(LfwImages, person, $"{person}_{n:D4}.jpg");

    public static ImageInput LfwInput(string person, int n) => new($"{person}_{n:D4}.jpg", File.ReadAllBytes(Lfw(person, n)));

    /// <summary>A smooth gradient: a valid image with nothing face-like in it.</summary>
    public static byte[] GradientPng()
    {
        using var image = new Image<Rgb24>(200, 160);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                image[x, y] = new Rgb24((byte)x, (byte)(y + 40), 128);
            }
        }
        return TestImages.Encode(image, new PngEncoder());
    }

    public static byte[] Tiff()
    {
        using var image = TestImages.Pattern(32, 32);
        return TestImages.Encode(image, new TiffEncoder());
    }

    public static byte[] Svg() => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>");

    /// <summary>The PNG signature followed by noise: an accepted format whose data is damaged.</summary>
    public static byte[] CorruptPng()
    {
        var data = new byte[2048];
        new Random(7).NextBytes(data);
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(data, 0);
        return data;
    }
}

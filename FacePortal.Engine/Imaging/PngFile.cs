using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FacePortal.Engine.Imaging;

/// <summary>Writes an <see cref="RgbImage"/> as PNG (aligned crops for pages, files and data URLs).</summary>
public static class PngFile
{
    public static byte[] Encode(RgbImage image)
    {
        using var png = Image.LoadPixelData<Rgb24>(image.Pixels, image.Width, image.Height);
        using var stream = new MemoryStream();
        png.SaveAsPng(stream);
        return stream.ToArray();
    }
}

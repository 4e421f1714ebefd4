using System.IO.Compression;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;

namespace FacePortal.Tests.Engine.Imaging;

/// <summary>Builds test images in memory: encoded with ImageSharp, or PNGs crafted byte by byte.</summary>
internal static class TestImages
{
    /// <summary>A deterministic colourful pattern; every pixel differs from its neighbours.</summary>
    public static Image<Rgb24> Pattern(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = PatternPixel(x, y);
            }
        }
        return image;
    }

    public static Rgb24 PatternPixel(int x, int y) =>
        new((byte)(x * 7 + y * 3), (byte)(x * 2 + y * 11 + 40), (byte)((x ^ y) * 5 + 9));

    public static byte[] Encode<TPixel>(Image<TPixel> image, IImageEncoder encoder)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    /// <summary>
    /// A PNG with a valid IHDR claiming width x height (8-bit RGB) and an IDAT holding
    /// <paramref name="rowsToWrite"/> zero rows (deflate compresses them ~1000:1).
    /// </summary>
    public static byte[] CraftedPng(int width, int height, int rowsToWrite)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var ihdr = new byte[13];
        WriteBigEndian(ihdr, 0, (uint)width);
        WriteBigEndian(ihdr, 4, (uint)height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type RGB
        WriteChunk(png, "IHDR", ihdr);

        using (var idat = new MemoryStream())
        {
            using (var z = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
            {
                var rowBytes = 1L + (long)width * 3;
                var row = new byte[(int)Math.Min(rowBytes, 1 << 16)];
                for (var r = 0; r < rowsToWrite; r++)
                {
                    for (var left = rowBytes; left > 0; left -= row.Length)
                    {
                        z.Write(row, 0, (int)Math.Min(row.Length, left));
                    }
                }
            }
            WriteChunk(png, "IDAT", idat.ToArray());
        }
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream s, string type, byte[] data)
    {
        var header = new byte[4];
        WriteBigEndian(header, 0, (uint)data.Length);
        s.Write(header);
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type).CopyTo(typeAndData, 0);
        data.CopyTo(typeAndData, 4);
        s.Write(typeAndData);
        var crc = new byte[4];
        WriteBigEndian(crc, 0, Crc32(typeAndData));
        s.Write(crc);
    }

    private static void WriteBigEndian(byte[] b, int at, uint v)
    {
        b[at] = (byte)(v >> 24);
        b[at + 1] = (byte)(v >> 16);
        b[at + 2] = (byte)(v >> 8);
        b[at + 3] = (byte)v;
    }

    // PNG's CRC-32 (ISO 3309, reflected polynomial 0xEDB88320).
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}

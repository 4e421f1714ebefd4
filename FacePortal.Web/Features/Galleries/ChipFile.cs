using System.Buffers.Binary;
using FacePortal.Engine.Imaging;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// A kept chip's raw pixels on disk: "FPC1", width and height (little-endian int32), then the RGB bytes. Writing it
/// costs a copy, not an encoding; <see cref="FaceCrops"/> turns it into the served PNG on first request.
/// </summary>
internal static class ChipFile
{
    public const string Extension = ".chip";
    private const int HeaderBytes = 12;
    private static ReadOnlySpan<byte> Magic => "FPC1"u8;

    public static byte[] Encode(RgbImage chip)
    {
        var bytes = new byte[HeaderBytes + chip.Pixels.Length];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), chip.Width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), chip.Height);
        chip.Pixels.CopyTo(bytes, HeaderBytes);
        return bytes;
    }

    /// <summary>The chip kept at <paramref name="path"/>; null when there is none, or the file is not a whole chip (it is then ignored and the crop made again).</summary>
    public static async Task<RgbImage?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        return Decode(bytes);
    }

    public static RgbImage? Decode(byte[] bytes)
    {
        if (bytes.Length < HeaderBytes || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
        {
            return null;
        }
        var width = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        var height = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (width is <= 0 or > 4096 || height is <= 0 or > 4096 || bytes.Length != HeaderBytes + (long)width * height * 3)
        {
            return null;
        }
        return new RgbImage(width, height, bytes.AsSpan(HeaderBytes).ToArray());
    }
}

namespace FacePortal.Web.Features.Imports;

/// <summary>What a file is by its first bytes (names and content types are the sender's word, not evidence).</summary>
public static class FileSignatures
{
    /// <summary>Bytes needed to recognise every signature here.</summary>
    public const int HeaderLength = 12;

    /// <summary>A zip archive: a local file header, or the end record of an empty zip.</summary>
    public static bool IsZip(ReadOnlySpan<byte> header) =>
        header.Length >= 4 && header[0] == 'P' && header[1] == 'K' && ((header[2] == 3 && header[3] == 4) || (header[2] == 5 && header[3] == 6));

    /// <summary>One of the formats the decoder accepts: JPEG, PNG, GIF, BMP, WebP, PBM/PGM/PPM.</summary>
    public static bool IsAcceptedImage(ReadOnlySpan<byte> h) =>
        (h.Length >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
        || (h.Length >= 8 && h[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        || (h.Length >= 4 && h[0] == 'G' && h[1] == 'I' && h[2] == 'F' && h[3] == '8')
        || (h.Length >= 2 && h[0] == 'B' && h[1] == 'M')
        || (h.Length >= 12 && h[0] == 'R' && h[1] == 'I' && h[2] == 'F' && h[3] == 'F' && h[8] == 'W' && h[9] == 'E' && h[10] == 'B' && h[11] == 'P')
        || (h.Length >= 2 && h[0] == 'P' && h[1] is >= (byte)'1' and <= (byte)'6');

    /// <summary>Reads up to <see cref="HeaderLength"/> bytes from the start of a seekable stream and rewinds it.</summary>
    public static byte[] ReadHeader(Stream stream)
    {
        var header = new byte[HeaderLength];
        var n = 0;
        int read;
        while (n < header.Length && (read = stream.Read(header, n, header.Length - n)) > 0)
        {
            n += read;
        }
        stream.Position = 0;
        return header[..n];
    }
}

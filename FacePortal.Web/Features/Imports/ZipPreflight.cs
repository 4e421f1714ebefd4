using System.Buffers.Binary;

namespace FacePortal.Web.Features.Imports;

/// <summary>
/// Reads a zip's end-of-central-directory record (and its Zip64 form) without parsing the central directory:
/// <see cref="System.IO.Compression.ZipArchive"/> builds an object per entry as it opens, so a zip claiming
/// millions of entries has to be refused before it is opened.
/// </summary>
public static class ZipPreflight
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const int EndLength = 22;

    /// <summary>Central-directory bytes allowed per entry the limit allows (a header is 46 bytes plus the name and extras).</summary>
    public const int CentralBytesPerEntry = 1024;

    /// <summary>Entry count and central directory size as the zip declares them; null when there is no end record (not a zip).</summary>
    public static (long Entries, long CentralDirectoryBytes)? Read(Stream zip)
    {
        var length = zip.Length;
        if (length < EndLength)
        {
            return null;
        }
        // The end record sits in the last 22 bytes plus a comment of at most 65,535.
        var tailLength = (int)Math.Min(length, EndLength + ushort.MaxValue + 20);
        var tail = new byte[tailLength];
        zip.Position = length - tailLength;
        zip.ReadExactly(tail);
        zip.Position = 0;
        for (var i = tailLength - EndLength; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) != EndSignature)
            {
                continue;
            }
            long entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 10));
            long central = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i + 12));
            long start = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i + 16));
            if (i >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i - 20)) == Zip64LocatorSignature)
            {
                var offset = BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(i - 12));
                if (offset >= 0 && offset <= length - 56)
                {
                    var record = new byte[56];
                    zip.Position = offset;
                    zip.ReadExactly(record);
                    zip.Position = 0;
                    if (BinaryPrimitives.ReadUInt32LittleEndian(record) == Zip64EndSignature)
                    {
                        entries = Math.Max(entries, BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(32)));
                        central = Math.Max(central, BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(40)));
                        start = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(48));
                    }
                }
            }
            // A reader walks the headers from the directory's start to the end record whatever size is declared,
            // so the span it would walk counts too.
            var endPosition = length - tailLength + i;
            if (start >= 0 && start <= endPosition)
            {
                central = Math.Max(central, endPosition - start);
            }
            return (entries < 0 ? long.MaxValue : entries, central < 0 ? long.MaxValue : central);
        }
        return null;
    }

    /// <summary>Why the zip must not be opened, or null when its declared size is within the limits.</summary>
    public static string? Refuse(Stream zip, ImportOptions limits)
    {
        var declared = Read(zip);
        if (declared is null)
        {
            return "not a zip archive (no end-of-central-directory record)";
        }
        var (entries, central) = declared.Value;
        if (entries > limits.MaxZipEntries)
        {
            return $"the zip declares {entries:N0} entries; the limit is {limits.MaxZipEntries:N0}";
        }
        if (central > (long)limits.MaxZipEntries * CentralBytesPerEntry)
        {
            return $"the zip's central directory is {central:N0} bytes; the limit is {(long)limits.MaxZipEntries * CentralBytesPerEntry:N0}";
        }
        return null;
    }
}

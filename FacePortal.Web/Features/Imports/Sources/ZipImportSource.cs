using System.IO.Compression;

namespace FacePortal.Web.Features.Imports.Sources;

/// <summary>
/// An uploaded zip, one folder per identity (<c>Person/img.jpg</c>, or under one extra top-level folder as in
/// <c>lfw/Person/img.jpg</c>). Entries are read straight into memory, never extracted, so an entry name never
/// becomes a path; names with "..", absolute paths or drive letters are refused all the same, as are nested zips.
/// Zip bomb limits are checked on the sizes the zip declares (count, per entry, ratio, total) and on the bytes
/// actually inflated (reading stops at the declared size or the limit, whichever is smaller).
/// </summary>
/// <remarks>Unlabelled (<paramref name="unlabelled"/>): any layout, folder names are not read.</remarks>
internal sealed class ZipImportSource(string zipPath, string displayName, ImportOptions limits, long maxFileBytes, bool unlabelled = false) : IImportSource
{
    // Small entries cannot blow anything up, whatever their ratio (a blank 100 KB BMP compresses 500:1).
    private const long RatioCheckedFrom = 1024 * 1024;

    private static readonly string[] Archives = [".zip", ".jar", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz"];

    private FileStream? _stream;
    private ZipArchive? _archive;

    private long MaxEntry => Math.Min(limits.MaxEntryBytes, maxFileBytes);

    public IEnumerable<PlannedItem> Plan(CancellationToken cancellationToken)
    {
        var archive = Open(out var refused);
        if (archive is null)
        {
            yield return PlannedItem.Refused(displayName, refused!);
            yield break;
        }

        var files = new List<(int Index, ZipArchiveEntry Entry, string[] Segments)>();
        var entries = archive.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = entries[i];
            var name = entry.FullName;
            if (name.EndsWith('/') || name.EndsWith('\\'))
            {
                continue; // a directory
            }
            var segments = SafePaths.Segments(name, out var unsafeReason);
            if (unsafeReason is not null)
            {
                yield return PlannedItem.Refused(name, $"unsafe entry name ({unsafeReason}): refused, nothing extracted");
                continue;
            }
            if (IsClutter(segments))
            {
                continue;
            }
            files.Add((i, entry, segments));
        }

        // One extra top-level folder around the identity folders (lfw/Person/img.jpg) is tolerated.
        var inFolders = files.Where(f => f.Segments.Length >= 2).ToList();
        var strip = inFolders.Count > 0 && inFolders.Any(f => f.Segments.Length >= 3)
            && inFolders.All(f => f.Segments[0] == inFolders[0].Segments[0]);

        long total = 0;
        foreach (var (index, entry, all) in files)
        {
            var name = entry.FullName;
            var segments = strip && all.Length >= 2 ? all[1..] : all;
            if (segments.Length == 1 && !unlabelled)
            {
                yield return PlannedItem.Refused(name, "file at the root of the zip: put the images in one folder per identity");
                continue;
            }
            if (segments.Length > 2 && !unlabelled)
            {
                yield return PlannedItem.Refused(name, "folder nested too deep: expected <identity>/<image>");
                continue;
            }
            if (Archives.Any(a => name.EndsWith(a, StringComparison.OrdinalIgnoreCase)))
            {
                yield return PlannedItem.Refused(name, "nested zip not supported (nor any other archive inside the zip)");
                continue;
            }
            if (entry.Length > MaxEntry)
            {
                yield return PlannedItem.Refused(name, $"the entry is {entry.Length:N0} bytes uncompressed; the limit is {MaxEntry:N0}");
                continue;
            }
            if (entry.Length >= RatioCheckedFrom && entry.Length > limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
            {
                var ratio = (double)entry.Length / Math.Max(1, entry.CompressedLength);
                yield return PlannedItem.Refused(name, $"compression ratio {ratio:N0}:1 is over the limit of {limits.MaxCompressionRatio:N0}:1 (zip bomb?)");
                continue;
            }
            if (total + entry.Length > limits.MaxZipTotalBytes)
            {
                yield return PlannedItem.Refused(name, $"the zip's total uncompressed size would pass the limit of {limits.MaxZipTotalBytes:N0} bytes (zip bomb?): not read");
                continue;
            }
            var identity = unlabelled ? "" : IdentityNames.Clean(segments[0], limits.MaxIdentityNameLength);
            if (identity is null)
            {
                yield return PlannedItem.Refused(name, "the folder name is not a usable identity name");
                continue;
            }
            total += entry.Length;
            yield return new PlannedItem(name, identity, new ItemExtra { Entry = index });
        }
    }

    public byte[] Read(string source, ItemExtra extra, CancellationToken cancellationToken)
    {
        var archive = Open(out var refused) ?? throw new ImportItemException(refused!);
        var entries = archive.Entries;
        if (extra.Entry is not { } index || index < 0 || index >= entries.Count || entries[index].FullName != source)
        {
            throw new ImportItemException("the entry is no longer in the zip");
        }
        var entry = entries[index];
        if (entry.Length > MaxEntry)
        {
            throw new ImportItemException($"the entry is {entry.Length:N0} bytes uncompressed; the limit is {MaxEntry:N0}");
        }
        byte[]? bytes;
        try
        {
            using var stream = entry.Open();
            // Never more than the header declared: the declared sizes are what the limits were checked on.
            bytes = BoundedRead.ReadAll(stream, entry.Length, entry.Length, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            throw new ImportItemException("corrupt zip entry: " + e.Message);
        }
        if (bytes is null)
        {
            throw new ImportItemException($"the entry inflates to more than the {entry.Length:N0} bytes its header declares (zip bomb?)");
        }
        if (FileSignatures.IsZip(bytes))
        {
            throw new ImportItemException("nested zip not supported");
        }
        return bytes;
    }

    public void Dispose()
    {
        _archive?.Dispose();
        _stream?.Dispose();
    }

    private ZipArchive? Open(out string? refused)
    {
        refused = null;
        if (_archive is not null)
        {
            return _archive;
        }
        try
        {
            _stream ??= new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            refused = ZipPreflight.Refuse(_stream, limits);
            if (refused is not null)
            {
                return null;
            }
            _archive = new ZipArchive(_stream, ZipArchiveMode.Read, leaveOpen: true);
            return _archive;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or EndOfStreamException)
        {
            refused = "not a valid zip archive: " + e.Message;
            return null;
        }
    }

    // Finder and Explorer droppings, not images anyone meant to import.
    private static bool IsClutter(string[] segments) =>
        segments[0] == "__MACOSX" || segments[^1] is ".DS_Store" or "Thumbs.db" or "desktop.ini" || segments[^1].StartsWith("._", StringComparison.Ordinal);
}

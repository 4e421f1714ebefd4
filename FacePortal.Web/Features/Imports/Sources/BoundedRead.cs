namespace FacePortal.Web.Features.Imports.Sources;

/// <summary>Reads a stream into memory, refusing as soon as it gives more than allowed (stops reading at the limit).</summary>
internal static class BoundedRead
{
    /// <summary>All bytes, or null when there are more than <paramref name="max"/>.</summary>
    public static byte[]? ReadAll(Stream stream, long max, long expected, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream((int)Math.Clamp(expected, 0, Math.Min(max, 64L * 1024 * 1024)));
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, max + 1 - copy.Length))) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            copy.Write(chunk, 0, read);
            if (copy.Length > max)
            {
                return null;
            }
        }
        return copy.ToArray();
    }

    /// <summary>A file on the server, at most <paramref name="max"/> bytes.</summary>
    public static byte[] ReadFile(string path, long max, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (stream.Length > max)
            {
                throw new ImportItemException($"the file is {stream.Length:N0} bytes; the limit is {max:N0}");
            }
            return ReadAll(stream, max, stream.Length, cancellationToken)
                ?? throw new ImportItemException($"the file grew past the limit of {max:N0} bytes while it was read");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImportItemException("cannot read the file: " + e.Message);
        }
    }
}

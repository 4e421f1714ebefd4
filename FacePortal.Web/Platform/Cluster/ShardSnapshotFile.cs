using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Search;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// A shard's rows on disk: "FPSHARD1", the stamp (key, gallery creation, version), the dimensions and row count, the
/// rows (face, image and identity ids, identity name, content hash, descriptor), then the SHA-256 of all of it. Written
/// to a temporary file and renamed into place, so a reader sees a whole file or none. A reader trusts nothing: the digest
/// must match (damage), the stamp must be the one asked for (stale), and every length is checked against what is left
/// of the file before anything is allocated for it (a hostile file).
/// </summary>
public static class ShardSnapshotFile
{
    /// <summary>Larger snapshots are not written (one array holds the file while it is checked).</summary>
    public const long MaxBytes = 1L << 30;

    private const int MaxString = 4096;
    private const int DigestBytes = 32;
    private static readonly byte[] Magic = "FPSHARD1"u8.ToArray();

    /// <summary>Writes the snapshot atomically; returns its digest (what a saved approximate index is tied to), or null when too large to write.</summary>
    public static byte[]? Write(string path, ShardStamp stamp, int dimensions, IReadOnlyList<GalleryIndexRow> rows)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        ArgumentNullException.ThrowIfNull(rows);
        long estimate = Magic.Length + 64 + stamp.Key.Length * 3L;
        foreach (var r in rows)
        {
            estimate += 20 + (r.Identity.Length + r.ContentHash.Length) * 3L + dimensions * 4L;
        }
        if (estimate + DigestBytes > MaxBytes)
        {
            return null;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            byte[] digest;
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new HashingWriter(file))
            {
                writer.Bytes(Magic);
                writer.String(stamp.Key);
                writer.Int64(stamp.GalleryCreatedTicks);
                writer.Int64(stamp.Version.Content);
                writer.Int64(stamp.Version.Descriptors);
                writer.Int32(dimensions);
                writer.Int32(rows.Count);
                foreach (var r in rows)
                {
                    if (r.Descriptor.Length != dimensions)
                    {
                        throw new ArgumentException($"Row of face {r.FaceId} has {r.Descriptor.Length} values, expected {dimensions}.", nameof(rows));
                    }
                    writer.Int32(r.FaceId);
                    writer.Int32(r.ImageId);
                    writer.Int32(r.IdentityId);
                    writer.String(r.Identity);
                    writer.String(r.ContentHash);
                    writer.Bytes(MemoryMarshal.AsBytes(r.Descriptor.AsSpan()));
                }
                digest = writer.Finish();
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            return digest;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The rows when the file is whole and carries exactly <paramref name="expected"/>; null otherwise (with why).</summary>
    public static ShardSnapshot? TryRead(string path, ShardStamp expected, int dimensions, out string? rejected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        rejected = null;
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            rejected = "no snapshot";
            return null;
        }
        if (info.Length < Magic.Length + DigestBytes || info.Length > MaxBytes)
        {
            rejected = $"length {info.Length}";
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            rejected = e.Message;
            return null;
        }
        var body = bytes.AsSpan(0, bytes.Length - DigestBytes);
        var digest = bytes.AsSpan(bytes.Length - DigestBytes);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(digest))
        {
            rejected = "digest mismatch (damaged)";
            return null;
        }
        var reader = new Reader(body);
        if (!reader.Bytes(Magic.Length, out var magic) || !magic.SequenceEqual(Magic)
            || !reader.String(out var key) || !reader.Int64(out var created) || !reader.Int64(out var content) || !reader.Int64(out var descriptors)
            || !reader.Int32(out var dims) || !reader.Int32(out var count))
        {
            rejected = "bad header";
            return null;
        }
        var stamp = new ShardStamp(key, created, new GalleryVersion(content, descriptors));
        if (stamp != expected || dims != dimensions)
        {
            rejected = $"stale ({stamp.Version}, expected {expected.Version})";
            return null;
        }
        // Every row takes at least its three ids, two empty strings and its vector: a count that cannot fit is a lie.
        var rowBytes = 20L + dims * 4L;
        if (count < 0 || dims <= 0 || count * rowBytes > reader.Left)
        {
            rejected = $"row count {count} does not fit the file";
            return null;
        }
        var rows = new List<GalleryIndexRow>(count);
        for (var r = 0; r < count; r++)
        {
            if (!reader.Int32(out var face) || !reader.Int32(out var image) || !reader.Int32(out var identity) || !reader.String(out var name)
                || !reader.String(out var hash) || !reader.Bytes(dims * 4, out var vector))
            {
                rejected = $"row {r} cut short";
                return null;
            }
            rows.Add(new GalleryIndexRow(face, image, identity, name, hash, MemoryMarshal.Cast<byte, float>(vector).ToArray()));
        }
        if (reader.Left != 0)
        {
            rejected = "bytes after the last row";
            return null;
        }
        return new ShardSnapshot(stamp, rows, digest.ToArray());
    }

    /// <summary>
    /// The stamp in the file's header, unchecked (the digest is not verified: the sweep only asks whose file it is);
    /// null when the header cannot be read.
    /// </summary>
    public static ShardStamp? TryReadStamp(string path)
    {
        var header = new byte[Magic.Length + 4 + MaxString + 3 * 8];
        int read;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var reader = new Reader(header.AsSpan(0, read));
        return reader.Bytes(Magic.Length, out var magic) && magic.SequenceEqual(Magic)
            && reader.String(out var key) && reader.Int64(out var created) && reader.Int64(out var content) && reader.Int64(out var descriptors)
            ? new ShardStamp(key, created, new GalleryVersion(content, descriptors))
            : null;
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;

        public readonly long Left => _bytes.Length - _at;

        public bool Bytes(int count, out ReadOnlySpan<byte> value)
        {
            if (count < 0 || count > Left)
            {
                value = default;
                return false;
            }
            value = _bytes.Slice(_at, count);
            _at += count;
            return true;
        }

        public bool Int32(out int value)
        {
            var ok = Bytes(4, out var b);
            value = ok ? BinaryPrimitives.ReadInt32LittleEndian(b) : 0;
            return ok;
        }

        public bool Int64(out long value)
        {
            var ok = Bytes(8, out var b);
            value = ok ? BinaryPrimitives.ReadInt64LittleEndian(b) : 0;
            return ok;
        }

        public bool String(out string value)
        {
            value = "";
            if (!Int32(out var length) || length > MaxString || !Bytes(length, out var b))
            {
                return false;
            }
            value = Encoding.UTF8.GetString(b);
            return true;
        }
    }

    // Buffers the writes and hashes what it writes, so the file is written and digested in one pass.
    private sealed class HashingWriter(Stream stream) : IDisposable
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _used;

        public void Int32(int value)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, value);
            Bytes(b);
        }

        public void Int64(long value)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(b, value);
            Bytes(b);
        }

        public void String(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            if (bytes.Length > MaxString)
            {
                throw new ArgumentException($"A string of {bytes.Length} bytes is longer than a snapshot holds ({MaxString}).", nameof(value));
            }
            Int32(bytes.Length);
            Bytes(bytes);
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            while (bytes.Length > 0)
            {
                if (_used == _buffer.Length)
                {
                    Flush();
                }
                var n = Math.Min(bytes.Length, _buffer.Length - _used);
                bytes[..n].CopyTo(_buffer.AsSpan(_used));
                _used += n;
                bytes = bytes[n..];
            }
        }

        /// <summary>Writes the digest of everything written so far after it, and returns it.</summary>
        public byte[] Finish()
        {
            Flush();
            var digest = _hash.GetHashAndReset();
            stream.Write(digest);
            return digest;
        }

        private void Flush()
        {
            _hash.AppendData(_buffer, 0, _used);
            stream.Write(_buffer, 0, _used);
            _used = 0;
        }

        public void Dispose() => _hash.Dispose();
    }
}

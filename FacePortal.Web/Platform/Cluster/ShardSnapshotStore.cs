using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FacePortal.Engine.Search;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// The folder of shard snapshots (FacePortal:Cluster:SnapshotDirectory, default &lt;DataDirectory&gt;/shards), one set
/// of files per shard key: NAME.shard (<see cref="ShardSnapshotFile"/>), and once its approximate index is built,
/// NAME.hnsw (USearch's saved graph) with NAME.hnsw.sum, which ties the graph to the .shard file's digest and the
/// build settings and holds the graph file's length and SHA-256 (USearch trusts what it loads, so nothing unchecked
/// reaches it). Every failure to read means "not there" (the caller reads the database and writes it anew); a
/// failure to write is logged, never thrown: a snapshot only saves time.
/// </summary>
public sealed class ShardSnapshotStore(IOptions<ClusterHostOptions> cluster, IOptions<PortalOptions> portal, ILogger<ShardSnapshotStore> logger)
{
    private const int SumBytes = 8 + 32 + 4 + 4 + 8 + 32 + 8 + 4 + 32;
    private static readonly byte[] SumMagic = "FPHNSW01"u8.ToArray();

    public string Folder => cluster.Value.SnapshotDirectory.Length > 0
        ? Path.GetFullPath(cluster.Value.SnapshotDirectory)
        : Path.Combine(Path.GetFullPath(portal.Value.DataDirectory), "shards");

    /// <summary>The .shard file of a shard (its name shows gallery and shard; the hash tells keys apart).</summary>
    public string PathFor(ShardKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())).AsSpan(0, 12));
        return Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"g{key.GalleryId}-s{key.Shard}of{key.Shards}-{hash}.shard"));
    }

    public ShardSnapshot? TryRead(ShardKey key, ShardStamp stamp)
    {
        var path = PathFor(key);
        var snapshot = ShardSnapshotFile.TryRead(path, stamp, key.Dimensions, out var rejected);
        if (snapshot is null && File.Exists(path))
        {
            logger.LogInformation("Shard {Shard}: snapshot not used ({Reason}); reading the database", key, rejected);
        }
        return snapshot;
    }

    /// <summary>Writes the shard's snapshot; its digest, or null when it could not be written.</summary>
    public byte[]? Write(ShardKey key, ShardStamp stamp, IReadOnlyList<GalleryIndexRow> rows)
    {
        try
        {
            return ShardSnapshotFile.Write(PathFor(key), stamp, key.Dimensions, rows);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Shard {Shard}: snapshot not written", key);
            return null;
        }
    }

    /// <summary>The saved approximate index of exactly these rows (by the snapshot's digest) and settings; null when there is none to trust.</summary>
    public ApproximateIndex? TryLoadApproximate(ShardKey key, byte[] snapshotDigest, GalleryIndex index, ApproximateIndexOptions settings)
    {
        ArgumentNullException.ThrowIfNull(snapshotDigest);
        ArgumentNullException.ThrowIfNull(settings);
        var graph = Path.ChangeExtension(PathFor(key), ".hnsw");
        var sum = graph + ".sum";
        try
        {
            if (!File.Exists(sum) || !File.Exists(graph) || new FileInfo(sum).Length != SumBytes)
            {
                return null;
            }
            var bytes = File.ReadAllBytes(sum);
            var at = 0;
            ReadOnlySpan<byte> Take(int n)
            {
                var s = bytes.AsSpan(at, n);
                at += n;
                return s;
            }
            if (!SHA256.HashData(bytes.AsSpan(0, SumBytes - 32)).AsSpan().SequenceEqual(bytes.AsSpan(SumBytes - 32)) || !Take(8).SequenceEqual(SumMagic)
                || !Take(32).SequenceEqual(snapshotDigest) || BinaryPrimitives.ReadInt32LittleEndian(Take(4)) != settings.Connectivity
                || BinaryPrimitives.ReadInt32LittleEndian(Take(4)) != settings.ExpansionAdd)
            {
                logger.LogInformation("Shard {Shard}: saved approximate index not used (damaged, or for other rows or settings)", key);
                return null;
            }
            var length = BinaryPrimitives.ReadInt64LittleEndian(Take(8));
            var graphDigest = Take(32).ToArray();
            var recall = BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
            var queries = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
            if (new FileInfo(graph).Length != length || !DigestOf(graph).AsSpan().SequenceEqual(graphDigest))
            {
                logger.LogInformation("Shard {Shard}: saved approximate index not used (its graph file is not the one summed)", key);
                return null;
            }
            return ApproximateIndex.Load(graph, index, settings, recall, queries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or Cloud.Unum.USearch.USearchException)
        {
            logger.LogWarning(e, "Shard {Shard}: saved approximate index not loaded", key);
            return null;
        }
    }

    /// <summary>Saves a built approximate index next to the snapshot whose rows it indexes (graph first, then its sum: a reader never pairs a new sum with an old graph).</summary>
    public void SaveApproximate(ShardKey key, byte[] snapshotDigest, ApproximateIndex approximate, ApproximateIndexOptions settings)
    {
        ArgumentNullException.ThrowIfNull(snapshotDigest);
        ArgumentNullException.ThrowIfNull(approximate);
        ArgumentNullException.ThrowIfNull(settings);
        var graph = Path.ChangeExtension(PathFor(key), ".hnsw");
        var sum = graph + ".sum";
        var temporary = $"{graph}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Folder);
            approximate.Save(temporary);
            var length = new FileInfo(temporary).Length;
            var graphDigest = DigestOf(temporary);
            File.Move(temporary, graph, overwrite: true);
            var bytes = new byte[SumBytes];
            var at = 0;
            Span<byte> Next(int n)
            {
                var s = bytes.AsSpan(at, n);
                at += n;
                return s;
            }
            SumMagic.CopyTo(Next(8));
            snapshotDigest.CopyTo(Next(32));
            BinaryPrimitives.WriteInt32LittleEndian(Next(4), settings.Connectivity);
            BinaryPrimitives.WriteInt32LittleEndian(Next(4), settings.ExpansionAdd);
            BinaryPrimitives.WriteInt64LittleEndian(Next(8), length);
            graphDigest.CopyTo(Next(32));
            BinaryPrimitives.WriteDoubleLittleEndian(Next(8), approximate.RecallAt10);
            BinaryPrimitives.WriteInt32LittleEndian(Next(4), approximate.RecallQueries);
            SHA256.HashData(bytes.AsSpan(0, at), Next(32));
            var sumTemporary = $"{sum}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(sumTemporary, bytes);
            File.Move(sumTemporary, sum, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or Cloud.Unum.USearch.USearchException)
        {
            logger.LogWarning(e, "Shard {Shard}: approximate index not saved", key);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Deletes the files no shard will load again: a .shard whose gallery is gone or was recreated, or whose version is
    /// older than the gallery's current one (its shard has moved on: a changed shard count or model leaves such files
    /// behind for good), with its .hnsw and .hnsw.sum; a graph without its .shard; a temporary file a crashed writer left.
    /// Safe with other silos at work on the same folder: only files untouched for <paramref name="olderThan"/> are
    /// considered (a writer renames a whole new file into place, so a file being written is never old), the current
    /// stamp of a shard (<paramref name="current"/>, from the database) is never deleted, and each file's write time is
    /// checked again just before it goes (a newer file renamed in meanwhile stays). A reader that opened a file keeps
    /// reading it after the unlink. Returns how many files went.
    /// </summary>
    public async Task<int> SweepAsync(Func<ShardKey, CancellationToken, Task<ShardStamp?>> current, TimeSpan olderThan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (!Directory.Exists(Folder))
        {
            return 0;
        }
        var before = DateTime.UtcNow - olderThan;
        var swept = 0;
        foreach (var path in Directory.EnumerateFiles(Folder, "*.shard"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var written = File.GetLastWriteTimeUtc(path);
            if (written > before || await KeepAsync(path, current, cancellationToken))
            {
                continue;
            }
            var graph = Path.ChangeExtension(path, ".hnsw");
            swept += Delete(path, written) + Delete(graph, before) + Delete(graph + ".sum", before);
        }
        foreach (var path in Directory.EnumerateFiles(Folder, "*.hnsw*"))
        {
            var name = path.EndsWith(".hnsw.sum", StringComparison.Ordinal) ? path[..^".sum".Length] : path;
            if (name.EndsWith(".hnsw", StringComparison.Ordinal) && !File.Exists(Path.ChangeExtension(name, ".shard")))
            {
                swept += Delete(path, before);
            }
        }
        foreach (var path in Directory.EnumerateFiles(Folder, "*.tmp"))
        {
            swept += Delete(path, before);
        }
        if (swept > 0)
        {
            logger.LogInformation("Shard snapshots: {Files} files no shard will load were deleted from {Folder}", swept, Folder);
        }
        return swept;
    }

    // Kept: the file of a shard key at the gallery's current creation time and a version not older than the current one.
    private async Task<bool> KeepAsync(string path, Func<ShardKey, CancellationToken, Task<ShardStamp?>> current, CancellationToken cancellationToken)
    {
        if (ShardSnapshotFile.TryReadStamp(path) is not { } stamp)
        {
            return false;
        }
        ShardKey key;
        try
        {
            key = ShardKey.Parse(stamp.Key);
        }
        catch (FormatException)
        {
            return false;
        }
        if (!string.Equals(PathFor(key), path, StringComparison.Ordinal))
        {
            // Not where its shard would look for it: never loaded.
            return false;
        }
        return await current(key, cancellationToken) is { } now && now.GalleryCreatedTicks == stamp.GalleryCreatedTicks && !now.Version.IsNewerThan(stamp.Version);
    }

    // Deletes the file if it is still no newer than `notAfter` (UTC write time); 1 when it went.
    private int Delete(string path, DateTime notAfter)
    {
        try
        {
            if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) > notAfter)
            {
                return 0;
            }
            File.Delete(path);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogDebug(e, "Shard snapshots: {File} not deleted", path);
            return 0;
        }
    }

    private static byte[] DigestOf(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return SHA256.HashData(file);
    }
}

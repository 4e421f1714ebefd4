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

    private static byte[] DigestOf(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return SHA256.HashData(file);
    }
}

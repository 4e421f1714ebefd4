using System.Buffers.Binary;
using System.Security.Cryptography;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Search;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Identification;
using FacePortal.Web.Platform.Cluster;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FacePortal.Tests.Web.Platform.Cluster;

/// <summary>
/// Shard snapshot files over a real portal database: written after a database read, used instead of the database
/// when they carry the current version (proved by a database whose rows were removed behind the version's back),
/// ignored and rewritten when stale, damaged or hostile; the approximate index saved with them comes back unbuilt.
/// </summary>
public sealed class SnapshotShardSourceTests : IAsyncLifetime
{
    private const string Signature = "test-pipeline";
    private const int Dimensions = 16;

    private PortalTestDatabase _data = null!;
    private string _folder = null!;
    private int _gallery;

    public async Task InitializeAsync()
    {
        _data = await PortalTestDatabase.CreateAsync();
        _folder = Path.Combine(_data.Folder, "snapshots");
        await using var db = _data.CreateDbContext();
        _gallery = await GallerySeed.GalleryAsync(db, "g");
        var vectors = RandomDescriptors.Uniform(60, Dimensions, seed: 5);
        for (var i = 0; i < vectors.Length; i++)
        {
            await GallerySeed.ImageAsync(db, _gallery, $"p{i % 20}", vectors[i], Signature);
        }
    }

    public async Task DisposeAsync() => await _data.DisposeAsync();

    private ShardKey Key => new(_gallery, 0, 1, DistanceMetric.Euclidean, Dimensions, Signature);

    private (SnapshotShardSource Source, ShardSnapshotStore Store) Create(int approximateAbove = 0)
    {
        var store = new ShardSnapshotStore(Options.Create(new ClusterHostOptions { SnapshotDirectory = _folder }), Options.Create(new PortalOptions()),
            NullLogger<ShardSnapshotStore>.Instance);
        var identification = Options.Create(new IdentificationOptions { ApproximateAbove = approximateAbove, RecallSample = 20 });
        return (new SnapshotShardSource(new DatabaseShardSource(_data, NullLogger<DatabaseShardSource>.Instance), store, identification,
            Options.Create(new ClusterHostOptions())), store);
    }

    [Fact]
    public async Task SweepAsync_DeletesOnlyOldFilesNoShardWillLoad_KeepsCurrentAndYoungOnes()
    {
        var (source, store) = Create();
        var database = new DatabaseShardSource(_data, NullLogger<DatabaseShardSource>.Instance);
        var old = await source.LoadAsync(Key, CancellationToken.None);
        var oldStamp = (await database.StampAsync(Key, CancellationToken.None))!;
        var rows = new[] { new GalleryIndexRow(1, 1, 1, "x", new string('0', 64), new float[Dimensions]) };
        // The same gallery cut into 2 shards at the version about to be left behind: an old layout no shard loads again.
        var twoShards = Key with { Shard = 1, Shards = 2 };
        ShardSnapshotFile.Write(store.PathFor(twoShards), oldStamp with { Key = twoShards.ToString() }, Dimensions, rows);
        var young = Key with { Shard = 0, Shards = 3 };
        ShardSnapshotFile.Write(store.PathFor(young), oldStamp with { Key = young.ToString() }, Dimensions, rows);
        // A gallery that no longer exists, with its saved graph.
        var gone = Key with { GalleryId = _gallery + 1000 };
        ShardSnapshotFile.Write(store.PathFor(gone), oldStamp with { Key = gone.ToString() }, Dimensions, rows);
        var goneGraph = Path.ChangeExtension(store.PathFor(gone), ".hnsw");
        await File.WriteAllTextAsync(goneGraph, "graph");
        await File.WriteAllTextAsync(goneGraph + ".sum", "sum");
        var orphan = Path.Combine(_folder, "g1-s0of1-000000000000000000000000.hnsw");
        await File.WriteAllTextAsync(orphan, "graph without rows");
        var crashed = store.PathFor(Key) + ".0123.tmp";
        await File.WriteAllTextAsync(crashed, "half");
        // The gallery moves on; its shard's file is rewritten at the new version (and is current).
        await using (var db = _data.CreateDbContext())
        {
            await GallerySeed.ImageAsync(db, _gallery, "newcomer", RandomDescriptors.Uniform(1, Dimensions, seed: 78)[0], Signature);
        }
        var current = await source.LoadAsync(Key, CancellationToken.None);
        Assert.True(current.Version.IsNewerThan(old.Version));
        var twoHoursAgo = DateTime.UtcNow.AddHours(-2);
        foreach (var path in Directory.GetFiles(_folder).Where(p => p != store.PathFor(young)))
        {
            File.SetLastWriteTimeUtc(path, twoHoursAgo);
        }

        var swept = await store.SweepAsync(database.StampAsync, TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(6, swept);
        Assert.False(File.Exists(store.PathFor(twoShards)));
        Assert.False(File.Exists(store.PathFor(gone)));
        Assert.False(File.Exists(goneGraph));
        Assert.False(File.Exists(goneGraph + ".sum"));
        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(crashed));
        // Kept: the shard's current file, old as it is (the next load still reads it), and the stale one written an instant ago.
        Assert.True(File.Exists(store.PathFor(young)));
        var again = await source.LoadAsync(Key, CancellationToken.None);
        Assert.Equal(current.Version, again.Version);
        Assert.Equal(1, source.SnapshotLoads);
        Assert.Equal(0, await store.SweepAsync(database.StampAsync, TimeSpan.FromHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task LoadAsync_SecondLoadOfTheSameVersion_ReadsTheSnapshotNotTheDatabase()
    {
        var (source, store) = Create();
        var first = await source.LoadAsync(Key, CancellationToken.None);
        Assert.True(File.Exists(store.PathFor(Key)));
        var probe = RandomDescriptors.Uniform(1, Dimensions, seed: 9)[0];
        var expected = first.Index.Identify(probe, 5, IdentityScoring.BestImage);
        // Behind the version's back (no SaveChanges, so no version moves): a load from the database would now find nothing.
        await using (var db = _data.CreateDbContext())
        {
            await db.Descriptors.ExecuteDeleteAsync();
        }

        var second = await source.LoadAsync(Key, CancellationToken.None);

        Assert.Equal((1, 1), (source.DatabaseLoads, source.SnapshotLoads));
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(60, second.Index.Count);
        Assert.Equal(20, second.Index.IdentityCount);
        Assert.Equal(expected, second.Index.Identify(probe, 5, IdentityScoring.BestImage));
        Assert.Equal(first.SnapshotDigest, second.SnapshotDigest);
    }

    [Fact]
    public async Task LoadAsync_GalleryChangedSinceTheSnapshot_IgnoresItReadsTheDatabaseAndRewritesIt()
    {
        var (source, store) = Create();
        var first = await source.LoadAsync(Key, CancellationToken.None);
        await using (var db = _data.CreateDbContext())
        {
            await GallerySeed.ImageAsync(db, _gallery, "newcomer", RandomDescriptors.Uniform(1, Dimensions, seed: 77)[0], Signature);
        }

        var second = await source.LoadAsync(Key, CancellationToken.None);
        var third = await source.LoadAsync(Key, CancellationToken.None);

        Assert.True(second.Version.IsNewerThan(first.Version));
        Assert.Equal(61, second.Index.Count);
        Assert.Equal((2, 1), (source.DatabaseLoads, source.SnapshotLoads));
        Assert.Equal(second.Version, third.Version);
        Assert.Equal(61, third.Index.Count);
        Assert.Equal(second.SnapshotDigest, ShardSnapshotFile.TryRead(store.PathFor(Key), StampOf(second), Dimensions, out _)!.Digest);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("empty")]
    [InlineData("hostile-count")]
    public async Task LoadAsync_DamagedOrHostileSnapshot_IsIgnoredAndRewritten(string damage)
    {
        var (source, store) = Create();
        var first = await source.LoadAsync(Key, CancellationToken.None);
        var path = store.PathFor(Key);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, damage switch
        {
            "flip" => Flip(bytes, bytes.Length / 2),
            "truncate" => bytes[..(bytes.Length - 100)],
            "empty" => [],
            _ => HostileCount(bytes),
        });

        var second = await source.LoadAsync(Key, CancellationToken.None);
        var third = await source.LoadAsync(Key, CancellationToken.None);

        Assert.Equal(60, second.Index.Count);
        Assert.Equal((2, 1), (source.DatabaseLoads, source.SnapshotLoads));
        Assert.Equal(first.SnapshotDigest, third.SnapshotDigest);
        Assert.Equal(60, third.Index.Count);
    }

    [Fact]
    public async Task LoadAsync_ShardAboveApproximateAbove_GetsItsSavedApproximateIndexBack_AndADamagedGraphIsNotLoaded()
    {
        var (source, store) = Create(approximateAbove: 50);
        var first = await source.LoadAsync(Key, CancellationToken.None);
        Assert.False(first.Index.UsesApproximate);
        var built = ApproximateIndex.Build(first.Index, new IdentificationOptions { RecallSample = 20 }.ApproximateIndex(), CancellationToken.None);
        first.Index.AttachApproximate(built);
        source.SaveApproximate(Key, first, built);
        var probe = first.Index.Row(7).ToArray();
        var expected = built.Search(probe, 10)!;

        var second = await source.LoadAsync(Key, CancellationToken.None);

        Assert.True(second.Index.UsesApproximate);
        Assert.Equal(1, source.ApproximateLoads);
        Assert.Equal(built.RecallAt10, second.Index.Approximate!.RecallAt10);
        Assert.Equal(expected.Select(n => n.Row), second.Index.Approximate.Search(probe, 10)!.Select(n => n.Row));

        var graph = Path.ChangeExtension(store.PathFor(Key), ".hnsw");
        await File.WriteAllBytesAsync(graph, Flip(await File.ReadAllBytesAsync(graph), 200));
        var third = await source.LoadAsync(Key, CancellationToken.None);

        Assert.False(third.Index.UsesApproximate);
        Assert.Equal(1, source.ApproximateLoads);
        Assert.Equal(2, source.SnapshotLoads);
    }

    [Fact]
    public void TryRead_ValidDigestButAStringLongerThanTheFile_RejectedWithoutReadingPastIt()
    {
        var path = Path.Combine(_folder, "hostile.shard");
        var stamp = new ShardStamp("k", 1, new GalleryVersion(1, 1));
        ShardSnapshotFile.Write(path, stamp, 2, [new GalleryIndexRow(1, 1, 1, "ann", "h", [1, 2])]);
        var bytes = File.ReadAllBytes(path);
        // The key's length prefix (right after the 8-byte magic) claims 2 GB.
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), int.MaxValue);
        File.WriteAllBytes(path, Resign(bytes));

        Assert.Null(ShardSnapshotFile.TryRead(path, stamp, 2, out var rejected));
        Assert.Equal("bad header", rejected);
    }

    private ShardStamp StampOf(ShardData data)
    {
        using var db = _data.CreateDbContext();
        var created = db.Galleries.Single(g => g.Id == _gallery).CreatedAt;
        return new ShardStamp(Key.ToString(), created.UtcTicks, data.Version);
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = bytes.ToArray();
        copy[at] ^= 0x5A;
        return copy;
    }

    // The row count (after magic, key, three longs and the dimensions) set to int.MaxValue, the digest made right again.
    private byte[] HostileCount(byte[] bytes)
    {
        var copy = bytes.ToArray();
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(copy.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(8 + 4 + keyLength + 24 + 4), int.MaxValue);
        return Resign(copy);
    }

    private static byte[] Resign(byte[] bytes)
    {
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));
        return bytes;
    }
}

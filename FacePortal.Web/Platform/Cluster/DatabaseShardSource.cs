using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// Shards read from the portal's SQLite database (the file every silo of one machine shares): the version and the
/// rows in one read transaction, so the rows are exactly those of the version they are labelled with.
/// </summary>
public sealed class DatabaseShardSource(IDbContextFactory<PortalDbContext> databases, ILogger<DatabaseShardSource> logger) : IShardSource
{
    public async Task<ShardData> LoadAsync(ShardKey key, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(key, cancellationToken);
        return new ShardData(new GalleryIndex(key.GalleryId, read.Version.Token, key.Signature, key.Metric, key.Dimensions, read.Rows), read.Version);
    }

    /// <summary>The shard's rows, their version and snapshot stamp, from one read snapshot of the database.</summary>
    public async Task<ShardRows> ReadAsync(ShardKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // Deferred: a read snapshot (WAL) without the write lock Microsoft.Data.Sqlite's default BEGIN IMMEDIATE takes,
        // so shard loads (pushed after every change) never hold up the portal's writers, nor wait for them.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var read = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(read, cancellationToken);
        var stamp = await StampAsync(db, key, cancellationToken);
        // A deleted gallery has no rows: its shards hold an empty index until they are collected.
        var version = stamp?.Version ?? new GalleryVersion(long.MaxValue, 0);
        var rows = await GalleryRows.ReadAsync(db, key.GalleryId, key.Signature, key.Dimensions, key.Slice, logger, cancellationToken);
        await read.CommitAsync(cancellationToken);
        return new ShardRows(version, stamp, rows);
    }

    /// <summary>What a snapshot of the shard must carry now (three primary-key reads, no rows); null when there is no such gallery.</summary>
    public async Task<ShardStamp?> StampAsync(ShardKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await StampAsync(db, key, cancellationToken);
    }

    private static async Task<ShardStamp?> StampAsync(PortalDbContext db, ShardKey key, CancellationToken cancellationToken)
    {
        var created = await db.Galleries.AsNoTracking().Where(g => g.Id == key.GalleryId).Select(g => (DateTimeOffset?)g.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var version = await GalleryVersion.ReadAsync(db, key.GalleryId, key.Signature, cancellationToken);
        return created is { } c && version is not null ? new ShardStamp(key.ToString(), c.UtcTicks, version) : null;
    }
}

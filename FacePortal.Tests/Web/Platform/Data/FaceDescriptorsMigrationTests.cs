using FacePortal.Web.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FacePortal.Tests.Web.Platform.Data;

/// <summary>A database of the shape before FaceDescriptors (one descriptor column per face) upgrades without losing one.</summary>
public sealed class FaceDescriptorsMigrationTests : IDisposable
{
    private const string Before = "20261202005843_PendingFilesAndPairSetSampling";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fp-migration-" + Guid.NewGuid().ToString("N"));

    public FaceDescriptorsMigrationTests() => Directory.CreateDirectory(_folder);

    private PortalDbContext Context() =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "portal.db")};Pooling=False").Options);

    private static readonly float[] A = [0.5f, -1.25f, 3f, float.Epsilon];
    private static readonly float[] B = [1f, 2f];

    private static async Task SeedOldShapeAsync(PortalDbContext db)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO Galleries (Id, Name, CreatedAt) VALUES (1, 'g', 0);
            INSERT INTO FaceIdentities (Id, GalleryId, Name, CreatedAt, Tags) VALUES (1, 1, 'p', 0, '["vip"]');
            INSERT INTO Images (Id, GalleryId, IdentityId, ContentHash, OriginalName, Outcome, Width, Height, Excluded, PrimaryFaceIndex, ImportedAt, Bytes, Tags)
                VALUES (1, 1, 1, 'h1', 'p/1.jpg', 'SeveralFaces', 250, 250, 0, 0, 1234, 10, '[]');
            INSERT INTO Faces (Id, ImageId, "Index", X, Y, Width, Height, Score, Sharpness, Yaw, Landmarks, DescriptorModel, Descriptor)
                VALUES (10, 1, 0, 1, 2, 30, 40, 0.9, 5, 1, zeroblob(0), 'v2;model=a', $a),
                       (11, 1, 1, 50, 2, 30, 40, 0.8, 5, 1, zeroblob(0), 'v2;model=b', $b),
                       (12, 1, 2, 90, 2, 8, 8, 0.6, 0, 0, zeroblob(0), NULL, NULL);
            """;
        command.Parameters.AddWithValue("$a", FloatArrayConverter.ToBytes(A));
        command.Parameters.AddWithValue("$b", FloatArrayConverter.ToBytes(B));
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ColumnsAsync(PortalDbContext db, string table)
    {
        await db.Database.OpenConnectionAsync();
        using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        var names = new List<string>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    [Fact]
    public async Task Migrate_OldShapeWithDescriptors_MovesEveryDescriptorAndDropsTheColumns()
    {
        await using (var db = Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
            await SeedOldShapeAsync(db);
        }

        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
        }

        await using (var db = Context())
        {
            var rows = await db.Descriptors.AsNoTracking().OrderBy(d => d.FaceId).ToListAsync();
            Assert.Equal([10, 11], rows.Select(r => r.FaceId));
            Assert.Equal(["v2;model=a", "v2;model=b"], rows.Select(r => r.Model));
            Assert.Equal(A, rows[0].Vector);
            Assert.Equal(B, rows[1].Vector);
            // Dated by the image's import.
            var imported = (await db.Images.SingleAsync()).ImportedAt;
            Assert.All(rows, r => Assert.Equal(imported, r.CreatedAt));
            Assert.Equal([10, 11, 12], await db.Faces.OrderBy(f => f.Id).Select(f => f.Id).ToListAsync());
            Assert.Equal(["vip"], (await db.Identities.SingleAsync()).Tags);
            Assert.Null((await db.Galleries.SingleAsync()).Model);
            var columns = await ColumnsAsync(db, "Faces");
            Assert.DoesNotContain("Descriptor", columns);
            Assert.DoesNotContain("DescriptorModel", columns);
            Assert.Equal(A, (await db.PrimaryFor("v2;model=a").SingleAsync()).Vector);
        }
    }

    [Fact]
    public async Task Migrate_DownAgain_PutsTheFirstDescriptorOfEachFaceBack()
    {
        await using (var db = Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
            await SeedOldShapeAsync(db);
        }
        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
            db.Descriptors.Add(new FaceDescriptor { FaceId = 10, Model = "v2;model=later", Vector = [9f], CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            await db.GetService<IMigrator>().MigrateAsync(Before);
        }

        await using (var db = Context())
        {
            await db.Database.OpenConnectionAsync();
            using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT Id, DescriptorModel, Descriptor FROM Faces ORDER BY Id";
            using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(long Id, string? Model, float[]? Vector)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : FloatArrayConverter.FromBytes((byte[])reader[2])));
            }
            Assert.Equal(3, rows.Count);
            Assert.Equal(["v2;model=a", "v2;model=b"], rows.Take(2).Select(r => r.Model));
            Assert.Equal(A, rows[0].Vector);
            Assert.Equal(B, rows[1].Vector);
            Assert.Null(rows[2].Model);
            Assert.Null(rows[2].Vector);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

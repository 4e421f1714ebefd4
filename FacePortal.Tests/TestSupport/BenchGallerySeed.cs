using FacePortal.Web.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// A benchmark gallery of <c>rows</c> images, ten per identity, one face and one descriptor each, written with raw
/// SQLite inserts in one transaction (EF would take minutes at 1M rows). Raw SQL moves no content version: callers
/// that need one bump it themselves.
/// </summary>
internal static class BenchGallerySeed
{
    public static async Task<int> SeedAsync(PortalTestDatabase database, int rows, string signature, Func<int, float[]> descriptor)
    {
        await using var db = database.CreateDbContext();
        var gallery = new Gallery { Name = $"bench-{rows}", CreatedAt = DateTimeOffset.UtcNow };
        db.Galleries.Add(gallery);
        var identities = Enumerable.Range(0, (rows + 9) / 10).Select(i => new FaceIdentity { Gallery = gallery, Name = $"p{i}", CreatedAt = DateTimeOffset.UtcNow }).ToList();
        db.Identities.AddRange(identities);
        await db.SaveChangesAsync();
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var transaction = connection.BeginTransaction();
        using var image = connection.CreateCommand();
        image.CommandText = "INSERT INTO Images (GalleryId, IdentityId, ContentHash, OriginalName, Outcome, Width, Height, Excluded, PrimaryFaceIndex, ImportedAt, Bytes, Tags) " +
            "VALUES ($g, $i, $h, 'bench.jpg', 'Face', 250, 250, 0, 0, 0, 0, '[]'); SELECT last_insert_rowid();";
        var g = image.Parameters.Add("$g", SqliteType.Integer);
        var i = image.Parameters.Add("$i", SqliteType.Integer);
        var h = image.Parameters.Add("$h", SqliteType.Text);
        using var face = connection.CreateCommand();
        face.CommandText = "INSERT INTO Faces (ImageId, \"Index\", X, Y, Width, Height, Score, Sharpness, Yaw, Landmarks) " +
            "VALUES ($m, 0, 10, 10, 100, 100, 0.9, 0, 0, zeroblob(0)); " +
            "INSERT INTO FaceDescriptors (FaceId, Model, Vector, CreatedAt) VALUES (last_insert_rowid(), $s, $d, 0)";
        var m = face.Parameters.Add("$m", SqliteType.Integer);
        face.Parameters.AddWithValue("$s", signature);
        var d = face.Parameters.Add("$d", SqliteType.Blob);
        g.Value = gallery.Id;
        for (var r = 0; r < rows; r++)
        {
            i.Value = identities[r / 10].Id;
            h.Value = $"{rows}-{r:D8}".PadRight(64, '0');
            m.Value = (long)(await image.ExecuteScalarAsync())!;
            d.Value = FloatArrayConverter.ToBytes(descriptor(r));
            await face.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return gallery.Id;
    }
}

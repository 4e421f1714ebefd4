using FacePortal.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Identification;

/// <summary>The portal's real SQLite schema (migrations applied) and image store in a temporary folder.</summary>
internal sealed class TempPortalDatabase : IDbContextFactory<PortalDbContext>, IDisposable
{
    private readonly DbContextOptions<PortalDbContext> _options;

    public TempPortalDatabase()
    {
        Directory.CreateDirectory(Folder);
        _options = new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite($"Data Source={Path.Combine(Folder, "portal.db")};Pooling=False")
            .Options;
        using var db = CreateDbContext();
        db.Database.Migrate();
        Store = new ImageStore(Path.Combine(Folder, "images"));
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "fp-verify-" + Guid.NewGuid().ToString("N"));

    public ImageStore Store { get; }

    public PortalDbContext CreateDbContext() => new(_options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}

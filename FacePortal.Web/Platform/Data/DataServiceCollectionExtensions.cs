using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>SQLite in the data folder; one context per operation through the factory (Blazor Server circuits live long).</summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, IConfiguration configuration)
    {
        var portal = EngineConfiguration.Portal(configuration);
        var folder = Path.GetFullPath(portal.DataDirectory);
        Directory.CreateDirectory(folder);
        var connection = $"Data Source={Path.Combine(folder, "portal.db")};Cache=Shared;Pooling=True;Default Timeout=30";
        services.AddDbContextFactory<PortalDbContext>(o => o.UseSqlite(connection));
        services.AddSingleton(new ImageStore(Path.Combine(folder, "images")));
        return services;
    }

    /// <summary>Applies migrations and turns on WAL (readers never wait for the import's writes).</summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}

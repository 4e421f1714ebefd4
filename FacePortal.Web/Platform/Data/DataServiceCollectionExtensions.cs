using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>SQLite in the data folder; one context per operation through the factory (Blazor Server circuits live long).</summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services)
    {
        services.AddDbContextFactory<PortalDbContext>((sp, o) =>
        {
            var folder = DataFolder(sp);
            Directory.CreateDirectory(folder);
            o.UseSqlite($"Data Source={Path.Combine(folder, "portal.db")};Cache=Shared;Pooling=True;Default Timeout=30");
        });
        services.AddSingleton(sp => new ImageStore(Path.Combine(DataFolder(sp), "images")));
        services.AddSingleton<ImageFileGuard>();
        return services;
    }

    private static string DataFolder(IServiceProvider services) =>
        Path.GetFullPath(services.GetRequiredService<IOptions<PortalOptions>>().Value.DataDirectory);

    /// <summary>Applies migrations and turns on WAL (readers never wait for the import's writes).</summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}

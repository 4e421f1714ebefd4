using FacePortal.Engine;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Web.Features.Galleries;

/// <summary>
/// A real SQLite file (migrated, WAL) and image store in a fresh temp folder, with the gallery services over them,
/// and helpers that seed galleries, identities and images straight through the context.
/// </summary>
public sealed class CurationDatabase : IAsyncDisposable
{
    private int _seed;

    private CurationDatabase(ServiceProvider services, string folder)
    {
        Services = services;
        Folder = folder;
    }

    public ServiceProvider Services { get; }

    public string Folder { get; }

    public IDbContextFactory<PortalDbContext> Databases => Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    public ImageStore Store => Services.GetRequiredService<ImageStore>();

    public GalleryService Galleries => Services.GetRequiredService<GalleryService>();

    public IdentityService Identities => Services.GetRequiredService<IdentityService>();

    public GalleryImageService Images => Services.GetRequiredService<GalleryImageService>();

    public IdentityReader Reader => Services.GetRequiredService<IdentityReader>();

    public CurationService Curation => Services.GetRequiredService<CurationService>();

    public ActivityLog Activity => Services.GetRequiredService<ActivityLog>();

    public FaceCrops Crops => Services.GetRequiredService<FaceCrops>();

    /// <summary>Registers the same services the portal registers (engine host not started unless <paramref name="engine"/> is given).</summary>
    public static async Task<CurationDatabase> CreateAsync(FaceEngineOptions? engine = null, Action<IServiceCollection>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "fp-galleries-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContextFactory<PortalDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(folder, "portal.db")};Default Timeout=30"));
        services.AddSingleton(new ImageStore(Path.Combine(folder, "images")));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new GalleryOptions()));
        // A factory registration, so the container disposes the host (and its engine).
        services.AddSingleton(_ => new FaceEngineHost(Microsoft.Extensions.Options.Options.Create(engine ?? new FaceEngineOptions { Models = FaceApiPackage.Options }), NullLoggerFactory.Instance));
        services.AddSingleton(sp => new FaceCrops(sp.GetRequiredService<FaceEngineHost>(), sp.GetRequiredService<ImageStore>(),
            sp.GetRequiredService<IDbContextFactory<PortalDbContext>>(), Path.Combine(folder, "crops")));
        services.AddGalleryServices();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await using (var db = await provider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        if (engine is not null)
        {
            await provider.GetRequiredService<FaceEngineHost>().StartAsync(CancellationToken.None);
        }
        return new CurationDatabase(provider, folder);
    }

    /// <summary>The gallery services a page injects, for a bunit context: the same instances, over this database.</summary>
    public void AddPageServices(IServiceCollection services)
    {
        services.AddSingleton(Galleries);
        services.AddSingleton(Identities);
        services.AddSingleton(Images);
        services.AddSingleton(Reader);
    }

    public async Task<int> AddGalleryAsync(string name)
    {
        await using var db = await Databases.CreateDbContextAsync();
        var gallery = new Gallery { Name = name, CreatedAt = DateTimeOffset.UtcNow };
        db.Galleries.Add(gallery);
        await db.SaveChangesAsync();
        return gallery.Id;
    }

    public async Task<int> AddIdentityAsync(int galleryId, string name, params string[] tags)
    {
        await using var db = await Databases.CreateDbContextAsync();
        var identity = new FaceIdentity { GalleryId = galleryId, Name = name, CreatedAt = DateTimeOffset.UtcNow, Tags = [.. tags] };
        db.Identities.Add(identity);
        await db.SaveChangesAsync();
        return identity.Id;
    }

    /// <summary>Stores <paramref name="content"/> (unique bytes when null) and files it as an image with the given faces.</summary>
    public async Task<GalleryImage> AddImageAsync(int identityId, byte[]? content = null, string? name = null, params DetectedFace[] faces)
    {
        content ??= UniqueBytes();
        var hash = await Store.SaveAsync(content, CancellationToken.None);
        await using var db = await Databases.CreateDbContextAsync();
        var identity = await db.Identities.FindAsync(identityId) ?? throw new InvalidOperationException("no identity " + identityId);
        var image = new GalleryImage
        {
            GalleryId = identity.GalleryId,
            IdentityId = identityId,
            ContentHash = hash,
            OriginalName = name ?? $"img{Interlocked.Increment(ref _seed)}.jpg",
            Width = 100,
            Height = 100,
            Bytes = content.Length,
            Outcome = faces.Length switch { 0 => ImageOutcome.NoFace, 1 => ImageOutcome.Face, _ => ImageOutcome.SeveralFaces },
            PrimaryFaceIndex = faces.Length > 0 ? faces[0].Index : -1,
            ImportedAt = DateTimeOffset.UtcNow,
            Faces = [.. faces],
        };
        db.Images.Add(image);
        await db.SaveChangesAsync();
        return image;
    }

    /// <summary>A face with a hand-made descriptor.</summary>
    public static DetectedFace Face(float[]? descriptor, int index = 0, double score = 0.9) => new()
    {
        Index = index,
        X = 10 + 30 * index,
        Y = 10,
        Width = 40,
        Height = 40,
        Score = score,
        Landmarks = [],
        Sharpness = 100,
        DescriptorModel = descriptor is null ? null : "test-model",
        Descriptor = descriptor,
    };

    public byte[] UniqueBytes() => [.. Guid.NewGuid().ToByteArray(), (byte)Interlocked.Increment(ref _seed)];

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

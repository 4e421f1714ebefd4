using System.Globalization;
using FacePortal.Engine;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// A real, migrated portal database (SQLite in WAL mode, as the portal runs it) and image store in a temporary
/// folder; the gallery services the portal registers, over them; and helpers that seed galleries, identities and
/// images straight through the context.
/// </summary>
public sealed class PortalTestDatabase : IDbContextFactory<PortalDbContext>, IAsyncDisposable, IDisposable
{
    private readonly DbContextOptions<PortalDbContext> _options;
    private readonly Lazy<ServiceProvider> _services;
    private int _seed;

    private PortalTestDatabase(string folder, FaceEngineHost? engine, Action<IServiceCollection>? services)
    {
        Folder = folder;
        _options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "portal.db")};Pooling=False;Default Timeout=30").Options;
        Images = new ImageStore(Path.Combine(folder, "images"));
        _services = new(() => BuildServices(engine, services));
    }

    public string Folder { get; }

    public ImageStore Images { get; }

    /// <summary>Created and migrated synchronously, for test classes that hold one in a field.</summary>
    public PortalTestDatabase()
        : this(NewFolder(), null, null)
    {
        using var context = CreateDbContext();
        Migrate(context);
    }

    /// <param name="engine">
    /// The engine host the services use (face crops): the <see cref="EngineFixture"/>'s. Without one they get a host
    /// that is never started, so anything that needed the engine would not come back.
    /// </param>
    /// <param name="services">More registrations for <see cref="Services"/>, over the portal's.</param>
    public static async Task<PortalTestDatabase> CreateAsync(FaceEngineHost? engine = null, Action<IServiceCollection>? services = null)
    {
        var db = new PortalTestDatabase(NewFolder(), engine, services);
        await using var context = db.CreateDbContext();
        await context.Database.MigrateAsync();
        await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        return db;
    }

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "fp-db-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static void Migrate(PortalDbContext context)
    {
        context.Database.Migrate();
        context.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    }

    public PortalDbContext CreateDbContext() => new(_options);

    public Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());

    /// <summary>The services the portal registers for galleries, over this database and store; built on first use.</summary>
    public ServiceProvider Services => _services.Value;

    public GalleryService Galleries => Services.GetRequiredService<GalleryService>();

    public IdentityService Identities => Services.GetRequiredService<IdentityService>();

    public GalleryImageService GalleryImages => Services.GetRequiredService<GalleryImageService>();

    public IdentityReader Reader => Services.GetRequiredService<IdentityReader>();

    public CurationService Curation => Services.GetRequiredService<CurationService>();

    public ActivityLog Activity => Services.GetRequiredService<ActivityLog>();

    public FaceCrops Crops => Services.GetRequiredService<FaceCrops>();

    private ServiceProvider BuildServices(FaceEngineHost? engine, Action<IServiceCollection>? configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(this);
        services.AddSingleton(Images);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new GalleryOptions()));
        if (engine is not null)
        {
            // An instance: the container leaves it (and its engine) to the fixture that owns it.
            services.AddSingleton(engine);
        }
        else
        {
            // A factory: the container disposes the never-started host.
            services.AddSingleton(_ => new FaceEngineHost(Microsoft.Extensions.Options.Options.Create(new FaceEngineOptions { Models = FaceApiPackage.Options }), NullLoggerFactory.Instance));
        }
        services.AddSingleton(sp => new FaceCrops(sp.GetRequiredService<FaceEngineHost>(), Images, this, Path.Combine(Folder, "crops")));
        services.AddGalleryServices();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>The gallery services a page injects, for a bunit context: the same instances, over this database.</summary>
    public void AddPageServices(IServiceCollection services)
    {
        services.AddSingleton(Galleries);
        services.AddSingleton(Identities);
        services.AddSingleton(GalleryImages);
        services.AddSingleton(Reader);
    }

    public async Task<int> AddGalleryAsync(string name)
    {
        await using var db = CreateDbContext();
        var gallery = new Gallery { Name = name, CreatedAt = DateTimeOffset.UtcNow };
        db.Galleries.Add(gallery);
        await db.SaveChangesAsync();
        return gallery.Id;
    }

    public async Task<int> AddIdentityAsync(int galleryId, string name, params string[] tags)
    {
        await using var db = CreateDbContext();
        var identity = new FaceIdentity { GalleryId = galleryId, Name = name, CreatedAt = DateTimeOffset.UtcNow, Tags = [.. tags] };
        db.Identities.Add(identity);
        await db.SaveChangesAsync();
        return identity.Id;
    }

    /// <summary>Stores <paramref name="content"/> (unique bytes when null) and files it as an image with the given faces.</summary>
    public async Task<GalleryImage> AddImageAsync(int identityId, byte[]? content = null, string? name = null, params DetectedFace[] faces)
    {
        content ??= UniqueBytes();
        var hash = await Images.SaveAsync(content, CancellationToken.None);
        await using var db = CreateDbContext();
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
        Descriptors = descriptor is null ? [] : [new FaceDescriptor { Model = "test-model", Vector = descriptor }],
    };

    public byte[] UniqueBytes() => [.. Guid.NewGuid().ToByteArray(), (byte)Interlocked.Increment(ref _seed)];

    /// <summary>
    /// A gallery of identities "P00".."Pnn" with the given numbers of images named like LFW's ("P03/P03_0002.jpg").
    /// Images have no stored file; <paramref name="descriptor"/> (identity index, image index) gives a stored
    /// primary-face descriptor for the given model signature.
    /// </summary>
    public Task<int> SeedGalleryAsync(string name, IReadOnlyList<int> imagesPerIdentity, Func<int, int, float[]?>? descriptor = null,
        string descriptorModel = "test-model", Func<int, IEnumerable<string>>? tags = null) =>
        SeedGalleryAsync(this, name, imagesPerIdentity, descriptor, descriptorModel, tags);

    /// <summary>The same, into any portal database (the hosted portal's in HTTP tests).</summary>
    public static async Task<int> SeedGalleryAsync(IDbContextFactory<PortalDbContext> databases, string name, IReadOnlyList<int> imagesPerIdentity, Func<int, int, float[]?>? descriptor = null,
        string descriptorModel = "test-model", Func<int, IEnumerable<string>>? tags = null)
    {
        await using var db = await databases.CreateDbContextAsync();
        var gallery = new Gallery { Name = name, CreatedAt = DateTimeOffset.UtcNow };
        db.Galleries.Add(gallery);
        for (var p = 0; p < imagesPerIdentity.Count; p++)
        {
            var person = string.Create(CultureInfo.InvariantCulture, $"P{p:D2}");
            var identity = new FaceIdentity { Name = person, Gallery = gallery, CreatedAt = DateTimeOffset.UtcNow, Tags = [.. tags?.Invoke(p) ?? []] };
            db.Identities.Add(identity);
            for (var i = 0; i < imagesPerIdentity[p]; i++)
            {
                var file = string.Create(CultureInfo.InvariantCulture, $"{person}/{person}_{i + 1:D4}.jpg");
                var image = new GalleryImage
                {
                    Gallery = gallery, Identity = identity, ContentHash = ImageStore.Hash(System.Text.Encoding.UTF8.GetBytes(name + file)),
                    OriginalName = "upload/" + file, Outcome = ImageOutcome.Face, PrimaryFaceIndex = 0, ImportedAt = DateTimeOffset.UtcNow,
                };
                var d = descriptor?.Invoke(p, i);
                image.Faces.Add(new DetectedFace { Index = 0, X = 10, Y = 10, Width = 50, Height = 50, Score = 0.9, Descriptors = d is null ? [] : [new FaceDescriptor { Model = descriptorModel, Vector = d }] });
                db.Images.Add(image);
            }
        }
        await db.SaveChangesAsync();
        return gallery.Id;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (_services.IsValueCreated)
        {
            await _services.Value.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: the temp folder is cleaned up by the OS.
        }
    }
}

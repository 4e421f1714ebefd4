using System.Globalization;
using FacePortal.Web.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.TestSupport;

/// <summary>A real, migrated portal database in a temporary folder, with helpers to seed galleries.</summary>
public sealed class PortalTestDatabase : IDbContextFactory<PortalDbContext>, IAsyncDisposable, IDisposable
{
    private readonly DbContextOptions<PortalDbContext> _options;

    private PortalTestDatabase(string folder)
    {
        Folder = folder;
        _options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "portal.db")};Pooling=False").Options;
        Images = new ImageStore(Path.Combine(folder, "images"));
    }

    public string Folder { get; }

    public ImageStore Images { get; }

    /// <summary>Created and migrated synchronously, for test classes that hold one in a field.</summary>
    public PortalTestDatabase()
        : this(Path.Combine(Path.GetTempPath(), "fp-db-" + Guid.NewGuid().ToString("N")))
    {
        Directory.CreateDirectory(Folder);
        using var context = CreateDbContext();
        context.Database.Migrate();
    }

    public static async Task<PortalTestDatabase> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "fp-evals-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var db = new PortalTestDatabase(folder);
        await using var context = db.CreateDbContext();
        await context.Database.MigrateAsync();
        return db;
    }

    public PortalDbContext CreateDbContext() => new(_options);

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
                image.Faces.Add(new DetectedFace { Index = 0, X = 10, Y = 10, Width = 50, Height = 50, Score = 0.9, DescriptorModel = d is null ? null : descriptorModel, Descriptor = d });
                db.Images.Add(image);
            }
        }
        await db.SaveChangesAsync();
        return gallery.Id;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await Task.Yield();
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

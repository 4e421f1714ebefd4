using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Web.Features.Galleries.Models;

/// <summary>A gallery of real analysed images (face-api descriptors, as an import stores them) and the gallery-embed job run in the test's thread.</summary>
internal static class GalleryModelTestSupport
{
    public static string Sample(int n) => Path.Combine(FaceApiPackage.Directory, "demo", $"sample{n}.jpg");

    public static Task<PortalTestDatabase> DatabaseAsync(TwoModelEngineFixture fixture) =>
        PortalTestDatabase.CreateAsync(fixture.Host, s => s.AddSingleton<JobNotifier>().AddSingleton<JobService>());

    public static GalleryModelService Models(this PortalTestDatabase db) => db.Services.GetRequiredService<GalleryModelService>();

    /// <summary>One identity per sample image ("sample1"...), each image analysed with the engine's default model.</summary>
    public static async Task<(int Gallery, Dictionary<int, int> Identities)> SeedAsync(PortalTestDatabase db, TwoModelEngineFixture fixture, params int[] samples)
    {
        var gallery = await db.AddGalleryAsync("g");
        var identities = new Dictionary<int, int>();
        foreach (var n in samples)
        {
            identities[n] = await db.AddIdentityAsync(gallery, $"sample{n}");
            await db.AddAnalyzedImageAsync(fixture.Engine, identities[n], Sample(n));
        }
        return (gallery, identities);
    }

    public static async Task RunEmbedJobAsync(PortalTestDatabase db, TwoModelEngineFixture fixture, int jobId, CancellationToken cancellationToken = default)
    {
        Job job;
        await using (var c = db.CreateDbContext())
        {
            job = (await c.Jobs.FindAsync([jobId], CancellationToken.None))!;
        }
        var handler = new GalleryEmbedJobHandler(fixture.Host, db.Images, NullLogger<GalleryEmbedJobHandler>.Instance);
        await handler.RunAsync(new JobContext(job, db, new JobNotifier(), TimeProvider.System), cancellationToken);
    }

    /// <summary>Every face row as it stands (box, landmarks, quality), to show a job left them alone.</summary>
    public static async Task<List<string>> FaceRowsAsync(PortalTestDatabase db)
    {
        await using var c = db.CreateDbContext();
        var faces = await c.Faces.AsNoTracking().OrderBy(f => f.Id).ToListAsync();
        return [.. faces.Select(f => $"{f.Id}:{f.ImageId}:{f.Index}:{f.X}:{f.Y}:{f.Width}:{f.Height}:{f.Score}:{f.Sharpness}:{f.Yaw}:{string.Join(",", f.Landmarks)}")];
    }

    /// <summary>The descriptors of one model by face id.</summary>
    public static async Task<Dictionary<int, float[]>> DescriptorsAsync(PortalTestDatabase db, string signature)
    {
        await using var c = db.CreateDbContext();
        return await c.For(signature).ToDictionaryAsync(d => d.FaceId, d => d.Vector);
    }
}

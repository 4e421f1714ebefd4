using FacePortal.Engine.Embedding;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Clusters;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Web.Features.Clusters;

/// <summary>
/// A gallery of planted unlabelled faces (people as random unit centres in 128-d, faces a little noise around them:
/// ~0.3 apart within a person, ~1.4 between people, so face-api's 0.6 separates them), stored as an unlabelled import
/// stores them, with descriptors under the real engine's signature; and the real clustering job run in the test's thread.
/// </summary>
internal static class ClusterTestSupport
{
    public sealed record Planted(int Gallery, int Holding, List<List<int>> Faces, List<float[]> Centres);

    public static Task<PortalTestDatabase> DatabaseAsync(EngineFixture engine, ClusterOptions? options = null) => DatabaseAsync(engine.Host, options);

    public static Task<PortalTestDatabase> DatabaseAsync(FaceEngineHost host, ClusterOptions? options = null) =>
        PortalTestDatabase.CreateAsync(host, s => s
            .AddSingleton(Microsoft.Extensions.Options.Options.Create(options ?? new ClusterOptions()))
            .AddSingleton<JobNotifier>().AddSingleton<JobService>().AddClusterServices());

    public static string Signature(EngineFixture engine) => FaceDescriber.For(engine.Engine, null).Signature;

    /// <summary>Checkpoints under the test database's folder.</summary>
    public static ClusterCheckpoints Checkpoints(PortalTestDatabase data) =>
        new(Microsoft.Extensions.Options.Options.Create(new PortalOptions { DataDirectory = data.Folder }));

    public static ClusterService Clusters(this PortalTestDatabase db) => db.Services.GetRequiredService<ClusterService>();

    public static ClusterCuration ClusterCuration(this PortalTestDatabase db) => db.Services.GetRequiredService<ClusterCuration>();

    public static ClusterSuggestions Suggestions(this PortalTestDatabase db) => db.Services.GetRequiredService<ClusterSuggestions>();

    /// <summary><paramref name="facesEach"/>[p] unlabelled faces of person p, then <paramref name="strangers"/> faces of one each.</summary>
    public static async Task<Planted> SeedAsync(PortalTestDatabase data, string signature, int[] facesEach, int strangers = 0, int seed = 5)
    {
        var random = new Random(seed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        float[] Centre()
        {
            var c = Enumerable.Range(0, 128).Select(_ => (float)Gauss()).ToArray();
            var norm = (float)Math.Sqrt(c.Sum(v => v * v));
            return [.. c.Select(v => v / norm)];
        }
        var gallery = await data.AddGalleryAsync("unlabelled");
        int holding;
        await using (var db = data.CreateDbContext())
        {
            var identity = new FaceIdentity { GalleryId = gallery, Name = "(unlabelled)", Unlabelled = true, CreatedAt = DateTimeOffset.UtcNow };
            db.Identities.Add(identity);
            await db.SaveChangesAsync();
            holding = identity.Id;
        }
        var centres = new List<float[]>();
        var faces = new List<List<int>>();
        var people = facesEach.Concat(Enumerable.Repeat(1, strangers)).ToList();
        foreach (var count in people)
        {
            var centre = Centre();
            centres.Add(centre);
            var ids = new List<int>();
            for (var f = 0; f < count; f++)
            {
                ids.Add((await data.AddImageAsync(holding, null, null, FaceNear(centre, signature, Gauss))).Id);
            }
            faces.Add(ids);
        }
        return new Planted(gallery, holding, faces, centres);
    }

    /// <summary>A named identity with <paramref name="count"/> faces near <paramref name="centre"/>.</summary>
    public static async Task<int> AddNamedAsync(PortalTestDatabase data, int gallery, string name, float[] centre, string signature, int count, int seed = 9)
    {
        var random = new Random(seed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var identity = await data.AddIdentityAsync(gallery, name);
        for (var f = 0; f < count; f++)
        {
            await data.AddImageAsync(identity, null, null, FaceNear(centre, signature, Gauss));
        }
        return identity;
    }

    /// <summary>One more unlabelled face near <paramref name="centre"/>.</summary>
    public static async Task<int> AddUnlabelledAsync(PortalTestDatabase data, int holding, float[] centre, string signature, int seed = 11)
    {
        var random = new Random(seed);
        return (await data.AddImageAsync(holding, null, null, FaceNear(centre, signature, () => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))).Id;
    }

    private static DetectedFace FaceNear(float[] centre, string signature, Func<double> gauss)
    {
        var face = PortalTestDatabase.Face(null);
        face.Descriptors = [new FaceDescriptor { Model = signature, Vector = [.. centre.Select(v => v + (float)(gauss() * 0.02))] }];
        return face;
    }

    /// <summary>Starts a clustering job through the service and runs its handler here, to the end.</summary>
    public static async Task<int> ClusterAsync(PortalTestDatabase data, int gallery, double? threshold = null, ClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        var jobId = await data.Clusters().StartAsync(gallery, null, threshold, TestUsers.Operator, CancellationToken.None);
        await RunJobAsync(data, jobId, options, cancellationToken);
        return jobId;
    }

    public static async Task RunJobAsync(PortalTestDatabase data, int jobId, ClusterOptions? options = null, CancellationToken cancellationToken = default, JobNotifier? notifier = null)
    {
        Job job;
        await using (var c = data.CreateDbContext())
        {
            job = (await c.Jobs.FindAsync([jobId], CancellationToken.None))!;
        }
        var handler = new ClusterJobHandler(data.Services.GetRequiredService<ClusterModels>(), Checkpoints(data),
            Microsoft.Extensions.Options.Options.Create(options ?? new ClusterOptions()), NullLogger<ClusterJobHandler>.Instance);
        await handler.RunAsync(new JobContext(job, data, notifier ?? new JobNotifier(), TimeProvider.System), cancellationToken);
    }
}

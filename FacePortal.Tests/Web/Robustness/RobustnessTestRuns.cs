using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Features.Robustness;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FacePortal.Tests.Web.Robustness;

/// <summary>Real LFW images filed in a test database, a pairs file over them, and a robustness job run in the test's thread as the runner would.</summary>
public static class RobustnessTestRuns
{
    private static readonly Lazy<RobustnessNet> Net = new(() => new RobustnessNet(Options.Create(new FacePortal.Engine.FaceEngineOptions { Models = FaceApiPackage.Options }), Options.Create(new RobustnessOptions()), NullLoggerFactory.Instance));

    public static RobustnessService Service(PortalTestDatabase db, RobustnessOptions? options = null) =>
        new(db, new JobService(db, new JobNotifier(), TimeProvider.System), Options.Create(options ?? new RobustnessOptions()),
            Options.Create(new FacePortal.Engine.FaceEngineOptions { Models = FaceApiPackage.Options, CatalogueModels = [.. FacePortal.Engine.Models.Catalogue.ModelCatalogue.All.Select(m => m.Name)] }), TimeProvider.System);

    /// <summary>Files each (person, image number) of LFW as an import would, not yet analysed; answers the gallery id.</summary>
    public static async Task<int> SeedLfwAsync(PortalTestDatabase db, IEnumerable<(string Person, int Number)> images)
    {
        await using var c = db.CreateDbContext();
        var gallery = new Gallery { Name = "lfw-robustness", CreatedAt = DateTimeOffset.UtcNow };
        var identities = new Dictionary<string, FaceIdentity>();
        foreach (var (person, number) in images.Distinct())
        {
            if (!identities.TryGetValue(person, out var identity))
            {
                identities[person] = identity = new FaceIdentity { Name = person, Gallery = gallery, CreatedAt = DateTimeOffset.UtcNow };
            }
            var bytes = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Lfw, "images", person, $"{person}_{number:D4}.jpg"));
            c.Images.Add(new GalleryImage
            {
                Gallery = gallery, Identity = identity, ContentHash = await db.Images.SaveAsync(bytes, default),
                OriginalName = $"{person}/{person}_{number:D4}.jpg", Outcome = ImageOutcome.Face, PrimaryFaceIndex = -1, ImportedAt = DateTimeOffset.UtcNow,
            });
        }
        await c.SaveChangesAsync();
        return gallery.Id;
    }

    /// <summary>
    /// An LFW pairs file over the given pairs (per fold genuine first), imported as a pair set of the gallery. With more
    /// than one fold the set's order alternates genuine and impostor blocks, so a run stopped early has both goals.
    /// </summary>
    public static async Task<int> ImportPairsAsync(PortalTestDatabase db, int galleryId, IReadOnlyList<(string Person, int A, int B)> genuine, IReadOnlyList<(string P1, int A, string P2, int B)> impostor, int folds = 1)
    {
        if (genuine.Count != impostor.Count || folds < 1 || genuine.Count % folds != 0)
        {
            throw new ArgumentException("an LFW pairs file has as many genuine as impostor pairs in each of its equal folds");
        }
        var size = genuine.Count / folds;
        var lines = new List<string> { $"{folds}\t{size}" };
        for (var f = 0; f < folds; f++)
        {
            lines.AddRange(genuine.Skip(f * size).Take(size).Select(g => $"{g.Person}\t{g.A}\t{g.B}"));
            lines.AddRange(impostor.Skip(f * size).Take(size).Select(i => $"{i.P1}\t{i.A}\t{i.P2}\t{i.B}"));
        }
        var set = await new PairSetFiles(db, TimeProvider.System).ImportAsync(galleryId, string.Join('\n', lines) + "\n", "pairs.txt", null, TestUsers.Operator, default);
        return set.Id;
    }

    public static Task<RobustnessStarted> StartAsync(PortalTestDatabase db, StartRobustnessRequest request) =>
        Service(db).StartAsync(request, TestUsers.User("tester", Roles.Operator), CancellationToken.None);

    public static async Task RunJobAsync(PortalTestDatabase db, FaceEngineHost host, int jobId, JobNotifier? notifier = null, CancellationToken cancellationToken = default)
    {
        Job job;
        await using (var c = db.CreateDbContext())
        {
            job = (await c.Jobs.FindAsync([jobId], cancellationToken))!;
        }
        var handler = new RobustnessJobHandler(host, db.Images, Net.Value, Options.Create(new RobustnessOptions()), NullLogger<RobustnessJobHandler>.Instance);
        await handler.RunAsync(new JobContext(job, db, notifier ?? new JobNotifier(), TimeProvider.System), cancellationToken);
    }
}

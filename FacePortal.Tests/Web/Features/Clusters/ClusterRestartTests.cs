using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FacePortal.Engine.Embedding;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Imports;
using FacePortal.Web.Features.Clusters;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FacePortal.Tests.Web.Features.Clusters;

/// <summary>Stopping the portal in the middle of a clustering job, on a real SQLite database (in the import collection: one heavy job at a time).</summary>
[Collection(ImportPortalCollection.Name)]
public partial class ClusterRestartTests
{
    private const int People = 150;
    private const int Each = 20;
    private const int Faces = People * Each;
    private const int CheckpointFaces = 100;

    [Fact]
    public async Task Restart_PortalStoppedMidClustering_ResumesFromTheCheckpointAndClustersEveryFace()
    {
        var data = Path.Combine(Path.GetTempPath(), "fp-restart-clusters-" + Guid.NewGuid().ToString("N"));
        try
        {
            int gallery, jobId;
            using var reached = new SemaphoreSlim(0);
            using var stopping = new ManualResetEventSlim();
            var first = Portal(data);
            try
            {
                var http = first.CreateApiClient();
                var services = first.Services;
                gallery = await SeedAsync(services);
                using var registration = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(stopping.Set);
                // The filter runs inside the job's progress report: the job waits there, past its first checkpoints,
                // until the portal is stopping, so the stop lands mid-job whatever the machine's speed.
                using var feed = services.GetRequiredService<JobNotifier>().Subscribe(p =>
                {
                    if (p.Kind == ClusterJobHandler.JobKind && p.Done >= 3 * CheckpointFaces && p.Done < Faces && !stopping.IsSet)
                    {
                        reached.Release();
                        stopping.Wait(TimeSpan.FromSeconds(120));
                        Thread.Sleep(500); // the runner's stopping token is cancelled just after ApplicationStopping
                    }
                    return false;
                });
                var started = await http.PostAsync($"/api/galleries/{gallery}/clusters/jobs", null);
                Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
                jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
                Assert.True(await reached.WaitAsync(TimeSpan.FromSeconds(120)), "the job never reached its third checkpoint");

                // Stopped now, while the job waits in its report and the hooks above still hold.
                await first.DisposeAsync();
            }
            finally
            {
                await first.DisposeAsync();
            }

            // Stopped in the middle: the job still marked running, no clusters, part of the neighbour graph saved.
            var checkpoint = Path.Combine(data, "clusters", $"job-{jobId}.graph");
            await using (var db = Open(data))
            {
                Assert.Equal(JobState.Running, (await db.Jobs.SingleAsync(j => j.Id == jobId)).State);
                Assert.False(await db.FaceClusters.AnyAsync(c => c.GalleryId == gallery));
            }
            Assert.True(File.Exists(checkpoint));
            SqliteConnection.ClearAllPools();

            await using (var second = Portal(data))
            {
                var api = new ImportApiClient(second.CreateApiClient());
                var job = await api.WaitAsync(jobId);
                Assert.True(job.GetProperty("state").GetString() == "completed", job.ToString());
                Assert.Equal(Faces + 3, job.GetProperty("done").GetInt32());
            }

            await using (var db = Open(data))
            {
                var details = (await db.Activity.SingleAsync(a => a.GalleryId == gallery && a.Action == "cluster")).Details;
                var resumedAt = int.Parse(ResumedAt().Match(details).Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(resumedAt, 3 * CheckpointFaces, Faces - 1);
                var clusters = await db.FaceClusters.Where(c => c.GalleryId == gallery).ToListAsync();
                Assert.Equal(People, clusters.Count);
                var person = await db.Images.Where(i => i.GalleryId == gallery).ToDictionaryAsync(i => i.Id, i => PersonOf(i.OriginalName));
                Assert.All(clusters, c => Assert.Single(c.ImageIds.Select(id => person[id]).Distinct()));
                Assert.Equal(Faces, clusters.Sum(c => c.ImageIds.Count));
            }
            Assert.False(File.Exists(checkpoint));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static PortalFactory Portal(string data)
    {
        var factory = PortalFactory.OnDataDirectory(data);
        factory.Settings["FacePortal:Clusters:CheckpointFaces"] = CheckpointFaces.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return factory;
    }

    /// <summary>The seeded name ".../P00_0007.jpg" is face 7 (from 1), of person 6 % <see cref="People"/>.</summary>
    private static int PersonOf(string name) =>
        (int.Parse(Path.GetFileNameWithoutExtension(name).Split('_')[1], System.Globalization.CultureInfo.InvariantCulture) - 1) % People;

    /// <summary><see cref="People"/> planted people of <see cref="Each"/> unlabelled faces, face i of person i % People.</summary>
    private static async Task<int> SeedAsync(IServiceProvider services)
    {
        var signature = FaceDescriber.For(await services.GetRequiredService<FaceEngineHost>().GetAsync(CancellationToken.None), null).Signature;
        var random = new Random(3);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var centres = Enumerable.Range(0, People).Select(_ =>
        {
            var c = Enumerable.Range(0, 128).Select(_ => (float)Gauss()).ToArray();
            var norm = (float)Math.Sqrt(c.Sum(v => v * v));
            return c.Select(v => v / norm).ToArray();
        }).ToList();
        var databases = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var gallery = await PortalTestDatabase.SeedGalleryAsync(databases, "restart-clusters", [Faces],
            (_, i) => [.. centres[i % People].Select(v => v + (float)(Gauss() * 0.02))], signature);
        await using var db = await databases.CreateDbContextAsync();
        await db.Identities.Where(i => i.GalleryId == gallery).ExecuteUpdateAsync(s => s.SetProperty(i => i.Unlabelled, true).SetProperty(i => i.Name, "(unlabelled)"));
        return gallery;
    }

    [GeneratedRegex(@"resumed after a restart at face ([\d,]+)")]
    private static partial Regex ResumedAt();

    private static PortalDbContext Open(string data) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={Path.Combine(data, "portal.db")}").Options);
}

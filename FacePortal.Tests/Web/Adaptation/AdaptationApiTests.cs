using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Adaptation;

/// <summary>
/// The whole adaptation on the hosted portal over REST: a real LFW slice imported, the split, a short triplet training
/// job, the adapted model stored and loaded, the held-out pair set (held-out identities only) and the two evaluation
/// runs; then a second host on the same data folder, as after a restart, still has the model.
/// </summary>
[Trait("Category", "Torch")]
public sealed class AdaptationApiTests(ITestOutputHelper output) : IAsyncDisposable
{
    private const int People = 12;
    private const int ImagesEach = 4;
    private const int Epochs = 600;
    private readonly DirectoryInfo _slice = Directory.CreateTempSubdirectory("fp-adapt-lfw-");

    private PortalFactory Configure(PortalFactory factory)
    {
        factory.Settings["FacePortal:Import:ServerRoots:0"] = Path.GetTempPath();
        // Adapted models beside the test's data, never in the models cache the other tests share.
        factory.Settings["FacePortal:Engine:Models:AdaptedModelsDirectory"] = Path.Combine(factory.DataDirectory, "adapted-models");
        return factory;
    }

    private void CopySlice()
    {
        var chosen = Directory.GetDirectories(Path.Combine(RepoPaths.Lfw, "images")).Order(StringComparer.Ordinal)
            .Where(d => Directory.GetFiles(d, "*.jpg").Length >= ImagesEach).Take(People);
        foreach (var person in chosen)
        {
            var target = Directory.CreateDirectory(Path.Combine(_slice.FullName, Path.GetFileName(person)));
            foreach (var file in Directory.GetFiles(person, "*.jpg").Order(StringComparer.Ordinal).Take(ImagesEach))
            {
                File.Copy(file, Path.Combine(target.FullName, Path.GetFileName(file)));
            }
        }
    }

    private static async Task<JsonElement> WaitJobAsync(HttpClient api, int jobId, Func<JsonElement, bool>? until = null)
    {
        for (var i = 0; i < 3000; i++)
        {
            var job = await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");
            var state = job.GetProperty("state").GetString();
            if ((state != "queued" && state != "running") || until?.Invoke(job) == true)
            {
                return job;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"job {jobId} did not finish in 10 minutes");
    }

    [LfwImagesFact]
    public async Task Adaptation_LfwSlice_ResumesAfterARestartStoresEvaluatesOnHeldOutIdentitiesOnly()
    {
        CopySlice();
        var data = Path.Combine(Path.GetTempPath(), "fp-adapt-" + Guid.NewGuid().ToString("N"));
        int gallery, jobId;
        try
        {
            await using (var first = Configure(PortalFactory.OnDataDirectory(data)))
            {
                using var api = first.CreateApiClient();
                var created = await api.PostAsJsonAsync("/api/galleries", new { name = "LFW adaptation" });
                gallery = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
                var import = await api.PostAsJsonAsync($"/api/galleries/{gallery}/import", new { serverFolder = _slice.FullName });
                var importJob = (await import.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
                Assert.Equal("completed", (await WaitJobAsync(api, importJob)).GetProperty("state").GetString());

                var split = await api.GetFromJsonAsync<JsonElement>($"/api/adaptation/split?galleryId={gallery}&heldOutFraction=0.5&splitSeed=3");
                Assert.Equal(People / 2, split.GetProperty("trainIdentities").GetInt32());
                Assert.Equal(People / 2, split.GetProperty("heldOutIdentities").GetInt32());

                var bad = await api.PostAsJsonAsync("/api/adaptation", new { galleryId = gallery, epochs = 0 });
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
                Assert.Contains("epochs", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

                // Enough tiny epochs that the host is stopped in the middle of training.
                var start = await api.PostAsJsonAsync("/api/adaptation", new
                {
                    galleryId = gallery, name = "lfw-slice-tuned", heldOutFraction = 0.5, splitSeed = 3, epochs = Epochs, learningRate = 0.002,
                    identitiesPerBatch = 4, imagesPerIdentity = 3, heldOutPairs = 40,
                });
                Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
                jobId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
                await WaitJobAsync(api, jobId, j => j.GetProperty("done").GetInt32() >= 3);
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            await using (var second = Configure(PortalFactory.OnDataDirectory(data)))
            {
                using var api = second.CreateApiClient();
                var job = await WaitJobAsync(api, jobId);
                Assert.True(job.GetProperty("state").GetString() == "completed", job.ToString());

                var status = await api.GetFromJsonAsync<JsonElement>($"/api/adaptation/{jobId}");
                var result = status.GetProperty("result");
                output.WriteLine($"resumed after epoch {result.GetProperty("resumedAfterEpoch")}, model {result.GetProperty("model")}, threshold {result.GetProperty("threshold")}");
                Assert.InRange(result.GetProperty("resumedAfterEpoch").GetInt32(), 3, Epochs - 1);
                Assert.Equal("lfw-slice-tuned", result.GetProperty("model").GetString());
                var losses = result.GetProperty("losses").EnumerateArray().ToList();
                Assert.Equal(Epochs, losses.Count);
                Assert.Equal(Enumerable.Range(1, Epochs), losses.Select(l => l.GetProperty("epoch").GetInt32()));
                var train = result.GetProperty("trainIdentityIds").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
                var heldOut = result.GetProperty("heldOutIdentityIds").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
                Assert.Empty(train.Intersect(heldOut));
                Assert.Equal(People, train.Count + heldOut.Count);
                Assert.StartsWith("/evaluations/compare?runs=", status.GetProperty("compareUrl").GetString(), StringComparison.Ordinal);

                // The held-out pair set holds held-out identities only: not one training identity.
                var pairSet = result.GetProperty("pairSetId").GetInt32();
                await using (var db = await second.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
                {
                    var pairs = await db.EvaluationPairs.Where(p => p.PairSetId == pairSet)
                        .Select(p => new { A = p.ImageA!.IdentityId, B = p.ImageB!.IdentityId }).ToListAsync();
                    var identities = pairs.SelectMany(p => new[] { p.A, p.B }).Distinct().ToList();
                    Assert.NotEmpty(identities);
                    Assert.All(identities, id => Assert.Contains(id, heldOut));
                    Assert.True(await db.EvaluationPairs.AnyAsync(p => p.PairSetId == pairSet && p.Same));
                    Assert.True(await db.EvaluationPairs.AnyAsync(p => p.PairSetId == pairSet && !p.Same));
                }

                // Both evaluation runs complete on it, the adapted model's too (loaded by the job, without a restart).
                foreach (var run in new[] { result.GetProperty("baseRunId").GetInt32(), result.GetProperty("adaptedRunId").GetInt32() })
                {
                    var evaluation = await api.GetFromJsonAsync<JsonElement>($"/api/evaluations/{run}");
                    Assert.Equal("completed", (await WaitJobAsync(api, evaluation.GetProperty("jobId").GetInt32())).GetProperty("state").GetString());
                    evaluation = await api.GetFromJsonAsync<JsonElement>($"/api/evaluations/{run}");
                    output.WriteLine(evaluation.GetProperty("metrics").ToString());
                    Assert.True(evaluation.GetProperty("metrics").GetProperty("auc").GetDouble() > 0.5, evaluation.ToString());
                }
                var taken = await api.PostAsJsonAsync("/api/adaptation", new { galleryId = gallery, name = "lfw-slice-tuned" });
                Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);

                // Cancelled while training: the job ends cancelled, no model is stored, the epochs done stay in its record.
                var long_ = await api.PostAsJsonAsync("/api/adaptation", new { galleryId = gallery, epochs = 1000, identitiesPerBatch = 4, imagesPerIdentity = 3, heldOutPairs = 40 });
                var cancelJob = (await long_.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
                await WaitJobAsync(api, cancelJob, j => j.GetProperty("done").GetInt32() >= 1);
                Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/adaptation/{cancelJob}/cancel", null)).StatusCode);
                Assert.Equal("cancelled", (await WaitJobAsync(api, cancelJob)).GetProperty("state").GetString());
                var cancelled = (await api.GetFromJsonAsync<JsonElement>($"/api/adaptation/{cancelJob}")).GetProperty("result");
                Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("model").ValueKind);
                Assert.InRange(cancelled.GetProperty("losses").GetArrayLength(), 1, 999);
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            // A third start: the adapted model comes from its folder, like a configured one.
            await using (var third = Configure(PortalFactory.OnDataDirectory(data)))
            {
                using var api = third.CreateApiClient();
                var models = await api.GetFromJsonAsync<JsonElement>($"/api/galleries/{gallery}/models");
                Assert.Contains(models.GetProperty("models").EnumerateArray(), m => m.GetProperty("name").GetString() == "lfw-slice-tuned");
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _slice.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}

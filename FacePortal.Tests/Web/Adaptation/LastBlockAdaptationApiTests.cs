using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Adaptation;

/// <summary>
/// Last-block adaptation on the hosted portal over REST: a real LFW slice imported, a job that tunes face-api's last
/// block with the head, stopped mid-training and resumed by a second host on the same data folder; the tuned model is
/// stored, loaded and evaluated on the held-out identities like any other model.
/// </summary>
[Trait("Category", "Torch")]
public sealed class LastBlockAdaptationApiTests(ITestOutputHelper output) : IAsyncDisposable
{
    private const int People = 8;
    private const int ImagesEach = 4;
    private const int Epochs = 300;
    private readonly DirectoryInfo _slice = Directory.CreateTempSubdirectory("fp-block-lfw-");

    private PortalFactory Configure(PortalFactory factory)
    {
        factory.Settings["FacePortal:Import:ServerRoots:0"] = Path.GetTempPath();
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
        for (var i = 0; i < 4500; i++)
        {
            var job = await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");
            var state = job.GetProperty("state").GetString();
            if ((state != "queued" && state != "running") || until?.Invoke(job) == true)
            {
                return job;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"job {jobId} did not finish in 15 minutes");
    }

    [LfwImagesFact]
    public async Task LastBlockAdaptation_LfwSlice_ResumesAfterARestartAndEvaluatesTheTunedModel()
    {
        CopySlice();
        var data = Path.Combine(Path.GetTempPath(), "fp-block-" + Guid.NewGuid().ToString("N"));
        int jobId;
        try
        {
            await using (var first = Configure(PortalFactory.OnDataDirectory(data)))
            {
                using var api = first.CreateApiClient();
                var created = await api.PostAsJsonAsync("/api/galleries", new { name = "LFW last block" });
                var gallery = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
                var import = await api.PostAsJsonAsync($"/api/galleries/{gallery}/import", new { serverFolder = _slice.FullName });
                var importJob = (await import.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
                Assert.Equal("completed", (await WaitJobAsync(api, importJob)).GetProperty("state").GetString());

                var bad = await api.PostAsJsonAsync("/api/adaptation", new { galleryId = gallery, tuneLastBlock = true, blockLearningRate = 0 });
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
                Assert.Contains("blockLearningRate", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

                var start = await api.PostAsJsonAsync("/api/adaptation", new
                {
                    galleryId = gallery, name = "lfw-slice-block", heldOutFraction = 0.5, splitSeed = 3, epochs = Epochs, learningRate = 0.002,
                    identitiesPerBatch = 4, imagesPerIdentity = 3, heldOutPairs = 30, tuneLastBlock = true, blockLearningRate = 0.0005,
                });
                Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
                jobId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
                await WaitJobAsync(api, jobId, j => j.GetProperty("done").GetInt32() >= 3);
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Assert.True(File.Exists(Path.Combine(data, "adaptation", $"job-{jobId}.inputs")), "the block inputs are cached for the restart");

            await using (var second = Configure(PortalFactory.OnDataDirectory(data)))
            {
                using var api = second.CreateApiClient();
                var job = await WaitJobAsync(api, jobId);
                Assert.True(job.GetProperty("state").GetString() == "completed", job.ToString());

                var result = (await api.GetFromJsonAsync<JsonElement>($"/api/adaptation/{jobId}")).GetProperty("result");
                output.WriteLine($"resumed after epoch {result.GetProperty("resumedAfterEpoch")}, model {result.GetProperty("model")}, threshold {result.GetProperty("threshold")}");
                Assert.InRange(result.GetProperty("resumedAfterEpoch").GetInt32(), 3, Epochs - 1);
                Assert.Equal("lfw-slice-block", result.GetProperty("model").GetString());
                var losses = result.GetProperty("losses").EnumerateArray().Select(l => l.GetProperty("loss").GetDouble()).ToList();
                Assert.Equal(Epochs, losses.Count);
                Assert.True(losses.TakeLast(10).Average() < losses.Take(10).Average(), $"loss {losses.Take(10).Average():F4} -> {losses.TakeLast(10).Average():F4}");
                var train = result.GetProperty("trainIdentityIds").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
                var heldOut = result.GetProperty("heldOutIdentityIds").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
                Assert.Empty(train.Intersect(heldOut));

                // The tuned model (face-api with its new last block, then the head) runs in the pipeline like any model.
                foreach (var run in new[] { result.GetProperty("baseRunId").GetInt32(), result.GetProperty("adaptedRunId").GetInt32() })
                {
                    var evaluation = await api.GetFromJsonAsync<JsonElement>($"/api/evaluations/{run}");
                    Assert.Equal("completed", (await WaitJobAsync(api, evaluation.GetProperty("jobId").GetInt32())).GetProperty("state").GetString());
                    evaluation = await api.GetFromJsonAsync<JsonElement>($"/api/evaluations/{run}");
                    output.WriteLine(evaluation.GetProperty("metrics").ToString());
                    Assert.True(evaluation.GetProperty("metrics").GetProperty("auc").GetDouble() > 0.5, evaluation.ToString());
                }
                var stored = Directory.GetFiles(Path.Combine(data, "adapted-models"), "lfw-slice-block.json").Single();
                Assert.Contains("last block", await File.ReadAllTextAsync(stored), StringComparison.Ordinal);
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

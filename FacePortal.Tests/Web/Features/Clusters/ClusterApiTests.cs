using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Engine.Embedding;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Galleries.Analysis;
using FacePortal.Tests.Web.Features.Imports;
using FacePortal.Web.Features.Clusters;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Clusters;

/// <summary>/api/galleries/{id}/clusters... and the activity undo on the hosted portal: the clustering job runs in its job runner.</summary>
[Collection(ImportPortalCollection.Name)]
public class ClusterApiTests(ImportPortalFixture portal)
{
    private HttpClient Http => portal.Api.Http;

    /// <summary>Named P00 (3 faces of person 0) and 7 unlabelled faces: 4 more of person 0, 3 of person 2.</summary>
    private async Task<(int Gallery, int P00)> SeedAsync()
    {
        var services = portal.Factory.Services;
        var signature = FaceDescriber.For(await services.GetRequiredService<FaceEngineHost>().GetAsync(CancellationToken.None), null).Signature;
        var gallery = await PortalTestDatabase.SeedGalleryAsync(services.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
            "clusters-api-" + Guid.NewGuid().ToString("N")[..8], [3, 4, 3], (p, i) => AnalysisGalleries.Vec(p == 1 ? 0 : p, i), signature);
        await using var db = portal.Db();
        var identities = await db.Identities.Where(i => i.GalleryId == gallery).OrderBy(i => i.Name).ToListAsync();
        identities[1].Unlabelled = true;
        identities[1].Name = "(unlabelled)";
        await db.Images.Where(i => i.IdentityId == identities[2].Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.IdentityId, identities[1].Id));
        db.Identities.Remove(identities[2]);
        await db.SaveChangesAsync();
        return (gallery, identities[0].Id);
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task ClusterJobThenAcceptUndoRejectUndo_ThroughTheHttpPipeline()
    {
        var (gallery, p00) = await SeedAsync();
        var expected = await portal.Factory.Services.GetRequiredService<ClusterModels>().ResolveAsync(gallery, null, CancellationToken.None);

        var started = await Http.PostAsync($"/api/galleries/{gallery}/clusters/jobs", null);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var answer = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expected.DefaultThreshold, answer.GetProperty("threshold").GetDouble());
        Assert.Equal(expected.DefaultSource, answer.GetProperty("thresholdSource").GetString());
        Assert.Equal("face-api", answer.GetProperty("model").GetString());
        var jobId = answer.GetProperty("jobId").GetInt32();
        Assert.EndsWith($"/api/galleries/{gallery}/clusters/jobs/{jobId}", started.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("completed", (await portal.Api.WaitAsync(jobId)).GetProperty("state").GetString());
        var job = await GetAsync($"/api/galleries/{gallery}/clusters/jobs/{jobId}");
        Assert.Equal("completed", job.GetProperty("job").GetProperty("state").GetString());
        Assert.Equal(gallery, job.GetProperty("parameters").GetProperty("galleryId").GetInt32());

        var overview = await GetAsync($"/api/galleries/{gallery}/clusters");
        Assert.Equal(7, overview.GetProperty("unlabelledFaces").GetInt32());
        Assert.Equal([4, 3], overview.GetProperty("largest").EnumerateArray().Select(c => c.GetProperty("faces").GetArrayLength()));

        var suggestion = Assert.Single((await GetAsync($"/api/galleries/{gallery}/clusters/suggestions")).EnumerateArray());
        Assert.Equal("P00", suggestion.GetProperty("identityName").GetString());
        var cluster = suggestion.GetProperty("clusterId").GetInt32();
        var accepted = await Http.PostAsJsonAsync($"/api/galleries/{gallery}/clusters/{cluster}/accept", new { identityId = p00 });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var change = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, change.GetProperty("result").GetInt32());
        Assert.Equal(3, (await GetAsync($"/api/galleries/{gallery}/clusters")).GetProperty("unlabelledFaces").GetInt32());
        await using (var db = portal.Db())
        {
            Assert.Equal(7, await db.Images.CountAsync(i => i.IdentityId == p00));
        }

        var entry = change.GetProperty("activityId").GetInt64();
        var undone = await Http.PostAsync($"/api/galleries/{gallery}/activity/{entry}/undo", null);
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        Assert.Equal(7, (await GetAsync($"/api/galleries/{gallery}/clusters")).GetProperty("unlabelledFaces").GetInt32());
        var twice = await Http.PostAsync($"/api/galleries/{gallery}/activity/{entry}/undo", null);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("already undone", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var rejected = await Http.PostAsJsonAsync($"/api/galleries/{gallery}/clusters/{cluster}/reject", new { identityId = p00 });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var rejection = await rejected.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, rejection.GetProperty("result").GetInt32());
        Assert.Empty((await GetAsync($"/api/galleries/{gallery}/clusters/suggestions")).EnumerateArray());

        // The rejection is undone like any change: the question comes back.
        var forgotten = await Http.PostAsync($"/api/galleries/{gallery}/activity/{rejection.GetProperty("activityId").GetInt64()}/undo", null);
        Assert.Equal(HttpStatusCode.OK, forgotten.StatusCode);
        var back = Assert.Single((await GetAsync($"/api/galleries/{gallery}/clusters/suggestions")).EnumerateArray());
        Assert.Equal((cluster, "P00"), (back.GetProperty("clusterId").GetInt32(), back.GetProperty("identityName").GetString()));
    }

    [Fact]
    public async Task BadRequests_AnsweredWithProblems()
    {
        var (gallery, p00) = await SeedAsync();
        var jobs = $"/api/galleries/{gallery}/clusters/jobs";

        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsync("/api/galleries/987656/clusters/jobs", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/galleries/987656/clusters")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/galleries/{gallery}/clusters/jobs/987657")).StatusCode);
        var negative = await Http.PostAsJsonAsync(jobs, new { threshold = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("threshold", await negative.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknown = await Http.PostAsJsonAsync(jobs, new { model = "no-such-model" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("no-such-model", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.PostAsJsonAsync(jobs, new { threshold = "far" })).StatusCode);

        var given = await Http.PostAsJsonAsync(jobs, new { threshold = 0.5 });
        Assert.Equal(HttpStatusCode.Accepted, given.StatusCode);
        var answer = await given.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0.5, answer.GetProperty("threshold").GetDouble());
        Assert.Equal("the request", answer.GetProperty("thresholdSource").GetString());
        Assert.Equal("completed", (await portal.Api.WaitAsync(answer.GetProperty("jobId").GetInt32())).GetProperty("state").GetString());
        var cluster = (await GetAsync($"/api/galleries/{gallery}/clusters")).GetProperty("largest")[0].GetProperty("id").GetInt32();

        var noIdentity = await Http.PostAsJsonAsync($"/api/galleries/{gallery}/clusters/{cluster}/accept", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noIdentity.StatusCode);
        Assert.Contains("identityId", await noIdentity.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsJsonAsync($"/api/galleries/{gallery}/clusters/987658/accept", new { identityId = p00 })).StatusCode);
        var taken = await Http.PostAsJsonAsync($"/api/galleries/{gallery}/clusters/{cluster}/name", new { name = "P00" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsync($"/api/galleries/{gallery}/activity/987659/undo", null)).StatusCode);
        using var anonymous = portal.Factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/galleries/{gallery}/clusters")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_DescribesTheClusterEndpointsWithTypedAnswers()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync("/openapi/v1.json"));

        var paths = doc.RootElement.GetProperty("paths");
        foreach (var path in new[] { "clusters", "clusters/jobs", "clusters/jobs/{jobId}", "clusters/suggestions", "clusters/{clusterId}/accept",
            "clusters/{clusterId}/reject", "clusters/{clusterId}/name", "clusters/{clusterId}/merge", "clusters/{clusterId}/split",
            "clusters/{clusterId}/move-out", "activity/{entryId}/undo" })
        {
            Assert.True(paths.TryGetProperty("/api/galleries/{id}/" + path, out _), path);
        }
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        foreach (var schema in new[] { "ClusterOverview", "ClusteringStarted", "ClusteringJob", "ClusterSuggestion", "ClusterChange", "UndoAnswer" })
        {
            Assert.True(schemas.TryGetProperty(schema, out _), schema);
        }
        var accepted = paths.GetProperty("/api/galleries/{id}/clusters/jobs").GetProperty("post").GetProperty("responses").GetProperty("202");
        Assert.EndsWith("/ClusteringStarted", accepted.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString(), StringComparison.Ordinal);
    }
}

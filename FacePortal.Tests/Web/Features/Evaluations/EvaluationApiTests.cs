using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Evaluations;

public sealed class EvaluationApiTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();
    private HttpClient _client = null!;

    private const string PairsTxt = "2\t2\nP00\t1\t2\nP01\t1\t3\nP00\t1\tP01\t1\nP02\t1\tP03\t2\nP02\t1\t2\nP03\t1\t2\nP00\t2\tP03\t1\nP01\t2\tP02\t2\n";

    public async Task InitializeAsync()
    {
        _client = _portal.CreateApiClient();
        // The first request starts the host (and migrates the database).
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _portal.DisposeAsync();
    }

    private async Task<int> SeedAsync(IReadOnlyList<int> sizes, string? signature = null) =>
        await PortalTestDatabase.SeedGalleryAsync(_portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), "g" + Guid.NewGuid().ToString("N")[..6], sizes,
            (p, i) => [p, i * 0.1f, 0, 0], signature ?? "test-model");

    private async Task<int> ImportAsync(int galleryId)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(galleryId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "galleryId" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(PairsTxt)), "file", "pairs.txt" },
        };
        var response = await _client.PostAsync("/api/pairsets/import", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, body.GetProperty("positives").GetInt32());
        return body.GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task PostPairSets_Generated_AnswersCountsAndExportsCsv()
    {
        var gallery = await SeedAsync([.. Enumerable.Range(0, 12).Select(i => 2 + (i % 3))]);

        var response = await _client.PostAsJsonAsync("/api/pairsets", new { galleryId = gallery, positives = 12, negatives = 12, folds = 3, seed = 5 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(12, body.GetProperty("positives").GetInt32());
        Assert.Equal(12, body.GetProperty("negatives").GetInt32());
        var csv = (await _client.GetStringAsync($"/api/pairsets/{body.GetProperty("id").GetInt32()}/pairs.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("fold,label,imageA,imageB", csv[0]);
        Assert.Equal(24, csv.Length - 1);
        Assert.Equal(12, csv.Skip(1).Count(l => l.Split(',')[1] == "1"));
    }

    [Fact]
    public async Task PostPairSets_UnknownGallery_IsABadRequestThatSaysWhy()
    {
        var response = await _client.PostAsJsonAsync("/api/pairsets", new { galleryId = 999, positives = 10 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no gallery 999", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostPairSets_WithoutKey_IsUnauthorized()
    {
        using var anonymous = _portal.CreateClient(new() { AllowAutoRedirect = false });

        var response = await anonymous.PostAsJsonAsync("/api/pairsets", new { galleryId = 1 });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PostEvaluations_ImportedLfwSet_RunsAndAnswersMetricsAndScores()
    {
        var engine = await _portal.Services.GetRequiredService<FaceEngineHost>().GetAsync(default);
        var gallery = await SeedAsync([2, 3, 2, 2], engine.Pipeline.Signature);
        var setId = await ImportAsync(gallery);

        var start = await _client.PostAsJsonAsync("/api/evaluations", new { pairSetId = setId });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var started = await start.Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetInt32();
        Assert.True(started.GetProperty("jobId").GetInt32() > 0);

        JsonElement result = default;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            result = await _client.GetFromJsonAsync<JsonElement>($"/api/evaluations/{id}");
            if (result.GetProperty("state").GetString() is "completed" or "failed" or "cancelled")
            {
                break;
            }
            await Task.Delay(100);
        }

        Assert.Equal("completed", result.GetProperty("state").GetString());
        Assert.Equal(8, result.GetProperty("done").GetInt32());
        Assert.Equal(8, result.GetProperty("total").GetInt32());
        var metrics = result.GetProperty("metrics");
        Assert.Equal(1.0, metrics.GetProperty("auc").GetDouble());
        Assert.Equal(0.0, metrics.GetProperty("eer").GetDouble());
        Assert.Equal(1.0, metrics.GetProperty("accuracy").GetDouble());
        Assert.Equal(0.0, metrics.GetProperty("accuracyStd").GetDouble());
        Assert.True(metrics.GetProperty("bestThreshold").GetDouble() is < -0.2 and > -1.0);
        var tar = metrics.GetProperty("tarAtFar");
        Assert.Equal(1.0, tar.GetProperty("0.1").GetProperty("tar").GetDouble());
        Assert.True(tar.GetProperty("0.000001").GetProperty("unreachable").GetBoolean());
        var scores = (await _client.GetStringAsync($"/api/evaluations/{id}/scores.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("fold,label,score,imageA,imageB", scores[0]);
        Assert.Equal("0,1,-0.10000000149011612,P00/P00_0001.jpg,P00/P00_0002.jpg", scores[1]);
        Assert.Equal(9, scores.Length);
    }

    [Fact]
    public async Task Pages_OfAFinishedRun_RenderOnTheServer()
    {
        var engine = await _portal.Services.GetRequiredService<FaceEngineHost>().GetAsync(default);
        var gallery = await SeedAsync([2, 3, 2, 2], engine.Pipeline.Signature);
        var setId = await ImportAsync(gallery);
        var started = await (await _client.PostAsJsonAsync("/api/evaluations", new { pairSetId = setId })).Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetInt32();
        for (var attempt = 0; attempt < 300 && (await _client.GetFromJsonAsync<JsonElement>($"/api/evaluations/{id}")).GetProperty("state").GetString() != "completed"; attempt++)
        {
            await Task.Delay(100);
        }

        foreach (var (path, marker) in new[]
        {
            ("/pairsets", "pairset-table"), ($"/pairsets/{setId}", "pair-page"), ("/evaluations", "run-table"),
            ($"/evaluations/{id}", "threshold-explorer"), ($"/evaluations/{id}/report", "evaluation-report"), ($"/evaluations/compare?runs={id}", "compare-table"),
        })
        {
            var response = await _client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"data-testid=\"{marker}\"", await response.Content.ReadAsStringAsync());
        }
    }
}

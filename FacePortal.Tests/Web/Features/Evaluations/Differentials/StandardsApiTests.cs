using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Evaluations.Quality;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Evaluations.Differentials;

/// <summary>GET /api/evaluations/{id}/differentials and /quality on the hosted portal.</summary>
public sealed class StandardsApiTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _portal.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _portal.DisposeAsync();
    }

    private IDbContextFactory<PortalDbContext> Databases => _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    [Fact]
    public async Task Differentials_WithPrefix_GroupsHeatmapAndMaxOverGeoMean()
    {
        var seeded = await StandardsTestData.SexScenarioAsync(Databases);

        var body = await _client.GetFromJsonAsync<JsonElement>($"/api/evaluations/{seeded.RunId}/differentials?prefix=sex:&targetFmr=0.3&resamples=100");

        Assert.Equal("sex:", body.GetProperty("prefix").GetString());
        Assert.Equal(0.3, body.GetProperty("targetFmr").GetDouble());
        var groups = body.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(["sex:F", "sex:M"], groups.Select(g => g.GetProperty("tag").GetString()));
        Assert.Equal(1, groups[1].GetProperty("fnmr").GetProperty("errors").GetInt32());
        Assert.Equal(3, groups[1].GetProperty("fnmr").GetProperty("trials").GetInt32());
        Assert.Equal(0.5, body.GetProperty("heatmap").GetProperty("fmr")[0][0].GetDouble());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("heatmap").GetProperty("log10RatioToTarget")[1][1].ValueKind);
        Assert.Equal(Math.Sqrt(2), body.GetProperty("fmrMaxOverGeoMean").GetDouble(), 9);
        Assert.Equal(100, body.GetProperty("resamples").GetInt32());
    }

    [Fact]
    public async Task Differentials_NoPrefix_400ListingThePrefixes_UnknownRun404_BadTarget400()
    {
        var seeded = await StandardsTestData.SexScenarioAsync(Databases);

        var missing = await _client.GetAsync($"/api/evaluations/{seeded.RunId}/differentials");
        var unknown = await _client.GetAsync($"/api/evaluations/{seeded.RunId + 99}/differentials?prefix=sex:");
        var badTarget = await _client.GetAsync($"/api/evaluations/{seeded.RunId}/differentials?prefix=sex:&targetFmr=2");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("sex:, age:", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTarget.StatusCode);
        Assert.Equal("application/problem+json", badTarget.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Quality_CurvesMissingAndAskedGate()
    {
        var seeded = await QualityTestData.SmallFaceScenarioAsync(Databases);

        var body = await _client.GetFromJsonAsync<JsonElement>($"/api/evaluations/{seeded.RunId}/quality?targetFmr=0.25&discardLimit=0.25&measure=face-size&cut=20");
        var half = await _client.GetAsync($"/api/evaluations/{seeded.RunId}/quality?measure=face-size");

        Assert.Equal(["face-size", "embedding-norm"], body.GetProperty("curves").EnumerateArray().Select(c => c.GetProperty("measure").GetString()));
        Assert.Equal(0, body.GetProperty("curves")[0].GetProperty("fnmr")[QualityServiceSteps].GetDouble());
        Assert.Equal(0, body.GetProperty("effect").GetProperty("fnmrAfter").GetDouble());
        Assert.Equal(0.25, body.GetProperty("effect").GetProperty("discardedPairs").GetDouble(), 12);
        Assert.Contains(body.GetProperty("missing").EnumerateArray(), m => m.GetString()!.StartsWith("Sharpness", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("gate").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, half.StatusCode);
    }

    private const int QualityServiceSteps = FacePortal.Web.Features.Evaluations.Quality.QualityService.Steps;
}

using System.Net;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Evaluations;

public sealed class ComparisonApiTests : IAsyncLifetime
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

    [Fact]
    public async Task GetCompare_TwoRuns_AnswersTablesTestsIntervalsTagsAndDisagreements()
    {
        var (_, first, second, mated) = await ComparisonSeed.SeedAsync(_portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());

        var response = await _client.GetAsync($"/api/evaluations/compare?runs={first},{second}&targetFar=0.1&resamples=200");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal(0.1, root.GetProperty("targetFar").GetDouble());
        Assert.True(root.GetProperty("samePairSet").GetBoolean());
        Assert.Equal([first, second], root.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));
        var paired = root.GetProperty("paired");
        Assert.Equal(20, paired.GetProperty("pairs").GetInt32());
        var all = paired.GetProperty("agreements")[0].GetProperty("all");
        Assert.Equal(18, all.GetProperty("bothRight").GetInt64());
        Assert.Equal(2, all.GetProperty("onlyFirstRight").GetInt64());
        Assert.Equal(0, all.GetProperty("onlySecondRight").GetInt64());
        Assert.Equal(0.5, all.GetProperty("exactP").GetDouble(), 12);
        var tar = paired.GetProperty("differences")[0].GetProperty("tarAtFar");
        Assert.Equal(-0.2, tar.GetProperty("estimate").GetDouble(), 12);
        Assert.Equal(200, paired.GetProperty("resamples").GetInt32());
        Assert.Equal("sex:", paired.GetProperty("tagPrefix").GetString());
        Assert.Equal(["sex:F", "sex:M"], paired.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("tag").GetString()));
        Assert.Equal(2, paired.GetProperty("disagreementCount").GetInt32());
        var top = paired.GetProperty("disagreements")[0];
        Assert.Equal(mated[0], top.GetProperty("pair").GetProperty("pairId").GetInt32());
        Assert.Equal([true, false], top.GetProperty("accepted").EnumerateArray().Select(a => a.GetBoolean()));
        Assert.Equal(1.5, top.GetProperty("values")[1].GetDouble(), 12);
        var run = root.GetProperty("runs")[1];
        Assert.Equal(0.8, run.GetProperty("operatingPoint").GetProperty("tar").GetDouble(), 12);
        Assert.Equal("distance <= 0.3", run.GetProperty("thresholdRule").GetString());
    }

    [Theory]
    [InlineData("runs=1", HttpStatusCode.BadRequest)]
    [InlineData("runs=1,x", HttpStatusCode.BadRequest)]
    [InlineData("runs=900001,900002", HttpStatusCode.NotFound)]
    public async Task GetCompare_BadOrUnknownRuns_AnswersProblemDetails(string query, HttpStatusCode expected)
    {
        var response = await _client.GetAsync("/api/evaluations/compare?" + query);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetCompare_TargetFarOutOfRange_Is400()
    {
        var (_, first, second, _) = await ComparisonSeed.SeedAsync(_portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());

        var response = await _client.GetAsync($"/api/evaluations/compare?runs={first},{second}&targetFar=1.5");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("target FAR", await response.Content.ReadAsStringAsync());
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.PairSets;

/// <summary>
/// POST /api/pairsets through the real portal: counts beyond the configured maximum answer 400 at once, undefined
/// sampling modes answer 400 naming the field, small sets are made at once (201), sets above the job threshold
/// (100 pairs here) are made by a job (202).
/// </summary>
public sealed class PairSetLimitsApiTests : IAsyncLifetime
{
    // 30 identities with 1..6 images: 175 genuine pairs at most.
    private static readonly int[] Sizes = [.. Enumerable.Range(0, 30).Select(i => 1 + (i % 6))];

    private readonly PortalFactory _factory = new();
    private HttpClient _api = null!;
    private int _gallery;

    public async Task InitializeAsync()
    {
        _factory.Settings["FacePortal:PairSets:JobAbovePairs"] = "100";
        _api = _factory.CreateApiClient();
        var databases = _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        _gallery = await PortalTestDatabase.SeedGalleryAsync(databases, "limits", Sizes, tags: p => [p % 2 == 0 ? "sex:f" : "sex:m"]);
        // Warm: the first request pays for the host's start, not for the check under test.
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/api/pairsets")).StatusCode);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _api.PostAsync("/api/pairsets", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Post_TwoBillionPairs_Answers400NamingTheLimitAtOnce()
    {
        var clock = Stopwatch.StartNew();
        var response = await PostAsync($$"""{"galleryId":{{_gallery}},"positives":2000000000,"negatives":2000000000}""");
        clock.Stop();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("FacePortal:PairSets:MaxPairs", detail);
        Assert.Contains("1,000,000", detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        await using var db = _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
        Assert.False(await db.PairSets.AnyAsync());
        Assert.False(await db.Jobs.AnyAsync());
    }

    [Fact]
    public async Task Post_PositivesAndNegativesTogetherAboveTheLimit_Answers400()
    {
        var response = await PostAsync($$"""{"galleryId":{{_gallery}},"positives":600000,"negatives":600000}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("1,200,000", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("99")]
    [InlineData("\"sideways\"")]
    public async Task Post_UndefinedSampling_Answers400NamingTheField(string value)
    {
        var response = await PostAsync($$"""{"galleryId":{{_gallery}},"positives":10,"negativeSampling":{{value}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("negativeSampling", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_TwoBillionFolds_Answers400AtOnce()
    {
        var clock = Stopwatch.StartNew();
        var response = await PostAsync($$"""{"galleryId":{{_gallery}},"positives":10,"folds":2000000000}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("fewer folds", await response.Content.ReadAsStringAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Post_MatchedWithoutPrefix_Answers400()
    {
        var response = await PostAsync($$"""{"galleryId":{{_gallery}},"positives":10,"negativeSampling":"matched"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("tag prefix", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_SmallMatchedSet_Answers201AndRecordsTheSampling()
    {
        var response = await PostAsync($$"""{"galleryId":{{_gallery}},"positives":20,"negativeSampling":"matched","impostorTagPrefix":"sex:"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var set = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(20, set.GetProperty("positives").GetInt32());
        Assert.Equal("matched", set.GetProperty("sampling").GetString());
        Assert.Equal("sex:", set.GetProperty("impostorTagPrefix").GetString());
    }

    [Fact]
    public async Task Post_JobSizedSet_Answers202AndTheJobStoresTheSet()
    {
        var response = await PostAsync($$"""{"galleryId":{{_gallery}},"positives":150,"seed":5}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
        Assert.Equal($"/api/jobs/{jobId}", response.Headers.Location?.OriginalString);
        var job = await WaitAsync(jobId);
        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(job.GetProperty("total").GetInt32(), job.GetProperty("done").GetInt32());
        await using var db = _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
        var set = await db.PairSets.SingleAsync(s => s.JobId == jobId);
        Assert.Equal(150, set.PositiveCount);
        Assert.Equal(150, set.NegativeCount);
        Assert.Equal("random", set.Sampling);
        Assert.Equal(300, await db.EvaluationPairs.CountAsync(p => p.PairSetId == set.Id));
    }

    private async Task<JsonElement> WaitAsync(int jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await _api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");
            if (job.GetProperty("state").GetString() is "completed" or "failed" or "cancelled" || DateTime.UtcNow > deadline)
            {
                return job;
            }
            await Task.Delay(50);
        }
    }
}

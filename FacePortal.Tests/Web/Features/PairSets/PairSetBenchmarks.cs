using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Features.PairSets;

/// <summary>The refused 2e9 request and a job-sized set through the real portal; figures to the test output.</summary>
[Trait("Category", "Benchmark")]
public class PairSetBenchmarks(ITestOutputHelper output)
{
    [BenchmarkFact]
    public async Task Post_TwoBillionAndJobSized_Timings()
    {
        await using var factory = new PortalFactory();
        var api = factory.CreateApiClient();
        var databases = factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        // 2,000 identities of 10 images: 90,000 genuine pairs available.
        var gallery = await PortalTestDatabase.SeedGalleryAsync(databases, "bench", [.. Enumerable.Repeat(10, 2000)]);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/pairsets")).StatusCode);

        var refused = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            var response = await api.PostAsync("/api/pairsets", new StringContent(
                $$"""{"galleryId":{{gallery}},"positives":2000000000,"negatives":2000000000}""", Encoding.UTF8, "application/json"));
            refused.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        output.WriteLine($"2e9 request: 400 in median {refused.Order().ElementAt(10):F1} ms, max {refused.Max():F1} ms over 20");

        var started = Stopwatch.StartNew();
        var accepted = await api.PostAsync("/api/pairsets", new StringContent(
            $$"""{"galleryId":{{gallery}},"positives":90000,"negatives":90000}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var answered = started.Elapsed.TotalMilliseconds;
        var jobId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
        JsonElement job;
        do
        {
            await Task.Delay(100);
            job = await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");
        }
        while (job.GetProperty("state").GetString() is "queued" or "running");
        Assert.Equal("completed", job.GetProperty("state").GetString());
        output.WriteLine($"180,000-pair set: 202 in {answered:F0} ms, job completed (drawn and stored) after {started.Elapsed.TotalSeconds:F1} s");
    }
}

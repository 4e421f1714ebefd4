using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Verification;
using FacePortal.Web.Platform.Analysis;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Platform.Analysis;

/// <summary>A full memory budget turns a request away with 503 and Retry-After once its short wait is over (issue 10, item 7).</summary>
public sealed class AnalysisBudgetApiTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();

    public Task InitializeAsync()
    {
        _portal.Settings["FacePortal:Analysis:QueueTimeoutMilliseconds"] = "200";
        _portal.Settings["FacePortal:Analysis:RetryAfterSeconds"] = "5";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Verify_WhileTheBudgetIsFull_503WithRetryAfter_ThenServedOnceItIsFree()
    {
        using var client = _portal.CreateApiClient();
        var budget = _portal.Services.GetRequiredService<MemoryBudget>();
        var held = await budget.TryTakeAsync(budget.Capacity, TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(held);

        HttpResponseMessage busy;
        using (var form = Form())
        {
            busy = await client.PostAsync("/api/verify", form);
        }
        var text = await busy.Content.ReadAsStringAsync();
        Assert.True(busy.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)busy.StatusCode}: {text}");
        Assert.Equal(TimeSpan.FromSeconds(5), busy.Headers.RetryAfter?.Delta);
        Assert.Contains("MemoryBudgetMegabytes", JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        held!.Dispose();
        using (var form = Form())
        {
            using var served = await client.PostAsync("/api/verify", form);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }
        Assert.Equal(0, budget.InUse);
    }

    private static MultipartFormDataContent Form()
    {
        var form = new MultipartFormDataContent();
        foreach (var field in new[] { "a", "b" })
        {
            var part = new ByteArrayContent(File.ReadAllBytes(VerifyImages.Demo(2)));
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, field, field + ".jpg");
        }
        return form;
    }
}

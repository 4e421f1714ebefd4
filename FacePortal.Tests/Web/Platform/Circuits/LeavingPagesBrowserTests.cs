using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Platform.Circuits;

/// <summary>
/// Leaving a page ends its circuit at once. Before the fix, leaving a page with charts and popovers held the circuit
/// (and the browser's disconnect request) open while its disposal waited on JS calls to a page that was gone.
/// </summary>
[Collection(BrowserCollection.Name)]
public class LeavingPagesBrowserTests(ITestOutputHelper output)
{
    // A left page whose charts were still drawing waits out at most two JS call timeouts (10 s each: the chart's
    // module load, then its purge and release); a busy machine adds its share. Before: 60 s, or for ever.
    private static readonly TimeSpan Closes = TimeSpan.FromSeconds(35);

    [BrowserFact(NeedsLfw = true)]
    public async Task LeavingChartPages_EndsEachPagesCircuitWithinSeconds()
    {
        var factory = new PortalFactory();
        factory.Settings["FacePortal:Import:ServerRoots:0"] = Path.GetTempPath();
        if (Environment.GetEnvironmentVariable("LEAVE_DEBUG") is not null)
        {
            factory.Settings["Logging:LogLevel:Microsoft.AspNetCore.Components.Server"] = "Debug";
        }
        await using var session = await BrowserSession.StartAsync(factory);
        var gallery = await LfwSliceImport.ImportAsync(session, 6, 2);
        using var api = new HttpClient { BaseAddress = new Uri(session.Address) };
        api.DefaultRequestHeaders.Add("X-Api-Key", PortalFactory.ApiKey);
        var created = await api.PostAsJsonAsync("/api/pairsets", new { galleryId = gallery, name = "pairs", positives = 6, negatives = 6, folds = 2, seed = 3 });
        var pairSet = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var started = await api.PostAsJsonAsync("/api/evaluations", new { pairSetId = pairSet });
        var run = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var again = await api.PostAsJsonAsync("/api/evaluations", new { pairSetId = pairSet });
        var second = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        await session.SignInAsync($"/evaluations/{run}");
        var page = session.Page;
        await page.WaitForSelectorAsync("[data-testid=threshold-explorer]", new() { Timeout = 300_000 });
        await page.WaitForSelectorAsync("[data-testid=roc-chart] .main-svg");
        await LeaveAsync(session, $"/evaluations/{run}/report");
        await page.WaitForSelectorAsync("[data-testid=report-det] .main-svg");
        await LeaveAsync(session, $"/evaluations/compare?runs={run},{second}");
        await page.WaitForSelectorAsync("[data-testid=compare-roc] .main-svg", new() { Timeout = 300_000 });
        await LeaveAsync(session, "/models");
        await LeaveAsync(session, "/");

        // Left while a page is still drawing: a link followed inside the circuit, and at once another address.
        await page.EvaluateAsync($"Blazor.navigateTo('/evaluations/compare?runs={run},{second}')");
        await LeaveAsync(session, "/models");
        await page.EvaluateAsync($"Blazor.navigateTo('/evaluations/{run}/report')");
        await LeaveAsync(session, "/");
        var stop = Stopwatch.StartNew();
        await session.DisposeAsync();
        output.WriteLine($"portal and browser stopped in {stop.Elapsed.TotalSeconds:F1} s");
    }

    // Goes to the next page as a typed address does (a full load), and times the end of the page left behind.
    private async Task LeaveAsync(BrowserSession session, string next)
    {
        var open = session.Factory.Circuits.Open();
        Assert.Single(open);
        var left = open[0];
        var clock = Stopwatch.StartNew();
        await session.Page.GotoAsync(session.Address + next);
        await session.WaitInteractiveAsync();
        while (session.Factory.Circuits.DisposedAt(left) is null && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(100);
        }
        output.WriteLine($"left for {next}: the old circuit was disposed after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.NotNull(session.Factory.Circuits.DisposedAt(left));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Closes);
    }
}

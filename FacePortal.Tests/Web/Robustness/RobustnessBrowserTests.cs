using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Robustness;

/// <summary>A robustness run started from the page in headless Chromium on the real portal (Torch build), over real LFW photos.</summary>
[Trait("Category", "Torch")]
[Collection(BrowserCollection.Name)]
public class RobustnessBrowserTests(ITestOutputHelper output)
{
    [BrowserFact(NeedsLfw = true)]
    public async Task RobustnessPage_FgsmRunStartedFromTheForm_ShowsSettingsChartTableAndExamples()
    {
        var clock = Stopwatch.StartNew();
        var factory = new PortalFactory();
        factory.Settings["FacePortal:Import:ServerRoots:0"] = Path.GetTempPath();
        await using var session = await BrowserSession.StartAsync(factory);
        var gallery = await LfwSliceImport.ImportAsync(session, 8, 2);
        using var api = new HttpClient { BaseAddress = new Uri(session.Address) };
        api.DefaultRequestHeaders.Add("X-Api-Key", PortalFactory.ApiKey);
        var created = await api.PostAsJsonAsync("/api/pairsets", new { galleryId = gallery, name = "LFW slice pairs", positives = 8, negatives = 8, folds = 2, seed = 3 });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var pairSet = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        output.WriteLine($"import and pair set: {clock.Elapsed.TotalSeconds:F1} s");

        await session.SignInAsync($"/robustness?pairSet={pairSet}");
        var page = session.Page;
        await page.FillAsync("input[data-testid=pairs]", "4");
        await page.FillAsync("input[data-testid=budgets]", "8");
        // FGSM alone: one gradient per pair and budget keeps the run short.
        await page.Locator("label.mud-checkbox", new() { HasTextString = "PGD" }).ClickAsync();
        await page.Locator("label.mud-checkbox", new() { HasTextString = "MI-FGSM" }).ClickAsync();
        // Adaptive attacks on every defence: with FGSM alone, one more gradient per defence.
        await page.Locator("label.mud-checkbox", new() { HasTextString = "Adaptive attacks" }).ClickAsync();
        await page.ClickAsync("[data-testid=start-robustness]");
        await page.WaitForURLAsync("**/robustness/*");

        var settings = page.Locator("[data-testid=robustness-settings]");
        await Assertions.Expect(settings).ToContainTextAsync("FGSM at 8 pixel levels");
        await Assertions.Expect(settings).Not.ToContainTextAsync("PGD");
        await Assertions.Expect(settings).ToContainTextAsync("4 pairs");
        // The page redraws when the job ends: the dodging chart, the table (one row per attack and budget) and examples.
        await Assertions.Expect(page.Locator("[data-testid=asr-chart-dodging] .main-svg").First).ToBeVisibleAsync(new() { Timeout = 300_000 });
        await Assertions.Expect(page.Locator("[data-testid=robustness-state]")).ToContainTextAsync("Completed");
        var table = page.Locator("[data-testid=asr-table]");
        await Assertions.Expect(table).ToContainTextAsync("FGSM");
        // One row per goal: FGSM at 8 for dodging and for impersonation.
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(settings).ToContainTextAsync("Defences also attacked adaptively (FGSM through each defence)");
        // One row per defence (JPEG, blur, resize, bit depth, flip averaging), each with its unaware rate beside it.
        var adaptive = page.Locator("[data-testid=adaptive-table] [data-testid=adaptive-row]");
        await Assertions.Expect(adaptive).ToHaveCountAsync(5);
        await Assertions.Expect(adaptive.First).ToContainTextAsync("unaware");
        Assert.InRange(await page.Locator("[data-testid=robustness-examples] img").CountAsync(), 3, int.MaxValue);
        Assert.StartsWith("data:image/png;base64,", await page.Locator("[data-testid=robustness-examples] img").First.GetAttributeAsync("src"), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "robustness");
        output.WriteLine($"total: {clock.Elapsed.TotalSeconds:F1} s");
    }
}

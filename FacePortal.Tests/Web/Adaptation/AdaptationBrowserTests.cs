using System.Diagnostics;
using System.Text.RegularExpressions;
using FacePortal.Tests.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Adaptation;

/// <summary>A short triplet adaptation started from the page in headless Chromium on the real portal (Torch build), over real LFW photos.</summary>
[Trait("Category", "Torch")]
[Collection(BrowserCollection.Name)]
public class AdaptationBrowserTests(ITestOutputHelper output)
{
    private const string Model = "browser-tuned";

    [BrowserFact(NeedsLfw = true)]
    public async Task AdaptationPage_TwoEpochRunFromTheForm_ShowsBeforeAfterTableCompareLinkAndTheNewModel()
    {
        var clock = Stopwatch.StartNew();
        var factory = new PortalFactory();
        factory.Settings["FacePortal:Import:ServerRoots:0"] = Path.GetTempPath();
        // The adapted model beside this test's data, never in the models cache the other tests share.
        factory.Settings["FacePortal:Engine:Models:AdaptedModelsDirectory"] = Path.Combine(factory.DataDirectory, "adapted-models");
        await using var session = await BrowserSession.StartAsync(factory);
        var gallery = await LfwSliceImport.ImportAsync(session, 12, 3);
        output.WriteLine($"import: {clock.Elapsed.TotalSeconds:F1} s");

        await session.SignInAsync($"/adaptation?gallery={gallery}");
        var page = session.Page;
        // Half of the 12 identities held out (seeded), shown before anything runs.
        await Assertions.Expect(page.Locator("[data-testid=adapt-split]")).ToContainTextAsync("Train: 6 identities");
        await Assertions.Expect(page.Locator("[data-testid=adapt-split]")).ToContainTextAsync("Held out: 6 identities");
        await page.FillAsync("input[data-testid=adapt-epochs]", "2");
        await page.FillAsync("input[data-testid=adapt-p]", "4");
        await page.FillAsync("input[data-testid=adapt-k]", "3");
        await page.FillAsync("input[data-testid=adapt-name]", Model);
        await page.Keyboard.PressAsync("Tab");
        await page.ClickAsync("[data-testid=adapt-start]");

        await Assertions.Expect(page.Locator("[data-testid=adapt-model]")).ToContainTextAsync(Model, new() { Timeout = 300_000 });
        await Assertions.Expect(page.Locator("[data-testid=adapt-model]")).ToContainTextAsync("fitted on the held-out identities");
        await Assertions.Expect(page.Locator("[data-testid=adapt-state]")).ToContainTextAsync("completed");
        await Assertions.Expect(page.Locator("[data-testid=adapt-loss-curve] polyline")).ToHaveCountAsync(1);
        output.WriteLine($"trained: {clock.Elapsed.TotalSeconds:F1} s");

        // Both held-out evaluations finish and fill the before/after table with metrics.
        var rows = page.Locator("[data-testid=adapt-compare] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("before (face-api)");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync($"after ({Model})");
        foreach (var i in new[] { 0, 1 })
        {
            await Assertions.Expect(rows.Nth(i).Locator("td").Nth(1)).ToHaveTextAsync(new Regex("completed", RegexOptions.IgnoreCase), new() { Timeout = 300_000 });
            await Assertions.Expect(rows.Nth(i).Locator("td").Nth(3)).ToHaveTextAsync(new Regex(@"^0\.\d{4}$|^1\.0000$"));
        }
        await Screenshots.SaveAsync(page, "adaptation");
        output.WriteLine($"evaluated: {clock.Elapsed.TotalSeconds:F1} s");

        await page.GotoAsync($"{session.Address}/models");
        await Assertions.Expect(page.Locator("[data-testid=models-table]")).ToContainTextAsync(Model);

        // Opened again without a job id, the page shows the latest job; its link leads to the comparison. Last, because
        // leaving a page with Plotly charts holds its circuit's disconnect request open (here until the host's 30 s shutdown timeout).
        await page.GotoAsync($"{session.Address}/adaptation");
        await session.WaitInteractiveAsync();
        await page.ClickAsync("[data-testid=adapt-compare-link]");
        await page.WaitForURLAsync(new Regex(@"/evaluations/compare\?runs=\d+(%2C|,)\d+"));
        output.WriteLine($"total: {clock.Elapsed.TotalSeconds:F1} s");
    }
}

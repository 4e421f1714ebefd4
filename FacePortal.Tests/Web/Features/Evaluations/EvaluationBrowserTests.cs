using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FacePortal.Tests.TestSupport;
using Microsoft.Playwright;

namespace FacePortal.Tests.Web.Features.Evaluations;

/// <summary>Generate a pair set, run an evaluation and explore it in headless Chromium.</summary>
[Collection(BrowserCollection.Name)]
public class EvaluationBrowserTests
{
    [BrowserFact(NeedsLfw = true)]
    public async Task Evaluation_FromImportedLfwSliceToFalseReject_WorksInTheBrowser()
    {
        // The LFW slice is copied under the temp folder: the one server root this portal allows.
        var factory = new PortalFactory();
        factory.Settings["FacePortal:Import:ServerRoots:0"] = Path.GetTempPath();
        await using var session = await BrowserSession.StartAsync(factory);
        await LfwSliceImport.ImportAsync(session, people: 24, imagesEach: 3);

        await session.SignInAsync("/pairsets");
        var page = session.Page;

        // A balanced pair set with the defaults (10 identity-disjoint folds), from the only gallery.
        // The prerendered button does nothing until the circuit is up: wait for the page to go quiet, and click again
        // when a busy machine was slower than that (a second set from the same seed is the same set).
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        for (var attempt = 0; attempt < 10 && !page.Url.Contains("/pairsets/", StringComparison.Ordinal); attempt++)
        {
            await page.ClickAsync("[data-testid=generate-pairset]");
            try
            {
                await page.WaitForURLAsync("**/pairsets/*", new() { Timeout = 5_000 });
            }
            catch (TimeoutException)
            {
                // not interactive yet
            }
        }
        var stats = await page.Locator("[data-testid=pairset-stats]").InnerTextAsync();
        // 24 people x 3 images: 72 genuine pairs at most, balanced by as many impostors.
        Assert.Matches("([0-9]+) genuine, \\1 impostor, in 10 fold\\(s\\)", stats);

        await page.ClickAsync("text=Evaluate");
        await page.ClickAsync("[data-testid=start-evaluation]");
        await page.WaitForURLAsync("**/evaluations/*");
        var runUrl = page.Url;
        // Plotly drew the ROC, and the run finished into the threshold explorer.
        await page.WaitForSelectorAsync("[data-testid=roc-chart] .main-svg");
        await page.WaitForSelectorAsync("[data-testid=threshold-explorer]");

        var before = await page.Locator("[data-testid=fn]").InnerTextAsync();
        var input = page.Locator("input[data-testid=threshold-input]");
        // Accept only pairs closer than 0.2: most genuine pairs of real faces are now false rejects.
        await input.FillAsync("0.2");
        await input.PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-testid=fn]")).Not.ToHaveTextAsync(before);
        Assert.Contains("distance <= 0.2", await page.Locator("[data-testid=threshold-rule]").InnerTextAsync(), StringComparison.Ordinal);

        // An operating point is saved with one click after typing its name, and listed for the model at once.
        await page.Locator("[data-testid=operating-point-form] input").PressSequentiallyAsync("strict");
        await page.ClickAsync("[data-testid=save-operating-point]");
        await Assertions.Expect(page.Locator("[data-testid=operating-point-name]")).ToHaveTextAsync("strict");
        await Screenshots.SaveAsync(page, "evaluation");

        await page.ClickAsync("text=False rejects");
        var firstError = page.Locator("[data-testid=error-pair] a").First;
        await firstError.WaitForAsync();
        var href = await firstError.GetAttributeAsync("href");
        Assert.Matches("^/galleries/[0-9]+/identities/[0-9]+$", href);

        // The dashboard lists the run with its headline metrics.
        await page.GotoAsync(session.Address + "/");
        var latest = page.Locator("[data-testid=latest-evaluation]").First;
        await latest.WaitForAsync();
        Assert.Matches("[0-9]+\\.[0-9]{2}% ± [0-9]+\\.[0-9]{2}", await latest.InnerTextAsync());

        // The run's report card: data, failures, rates with intervals, the three charts and the saved operating point.
        await page.GotoAsync(runUrl + "/report");
        await page.WaitForSelectorAsync("[data-testid=evaluation-report]");
        var data = await page.Locator("[data-testid=data-summary]").InnerTextAsync();
        var comparisons = Regex.Match(stats, "([0-9]+) genuine").Groups[1].Value;
        Assert.Matches($"{int.Parse(comparisons, CultureInfo.InvariantCulture) * 2} comparisons \\({comparisons} mated, {comparisons} non-mated\\) over [0-9]+ images of [0-9]+ identities", data);
        Assert.Matches("[0-9.]+% \\([0-9]+ of [0-9]+ images without a usable face\\)", await page.Locator("[data-testid=fta]").InnerTextAsync());
        Assert.Matches("\\[[0-9.]+%, [0-9.]+%\\]", await page.Locator("[data-testid=eer-interval]").InnerTextAsync());
        Assert.Matches("^[01]\\.[0-9]{5} \\[[01]\\.[0-9]{5}, [01]\\.[0-9]{5}\\]", await page.Locator("[data-testid=auc-interval]").InnerTextAsync());
        Assert.Contains("1,000 resamples", await page.Locator("[data-testid=intervals-method]").InnerTextAsync(), StringComparison.Ordinal);
        foreach (var chart in new[] { "report-det", "report-rates", "report-histogram" })
        {
            await page.WaitForSelectorAsync($"[data-testid={chart}] .main-svg");
        }
        Assert.Contains("strict", await page.Locator("[data-testid=report-point]").First.InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "evaluation-report");

        // The JSON link answers the same card to the signed-in browser.
        var json = await page.APIRequest.GetAsync(session.Address + await page.Locator("[data-testid=evaluation-report] a:text('JSON')").GetAttributeAsync("href"));
        Assert.Equal(200, json.Status);
        using var card = JsonDocument.Parse(await json.TextAsync());
        Assert.Equal(int.Parse(runUrl[(runUrl.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture), card.RootElement.GetProperty("evaluationId").GetInt32());

        // Printed, the card drops the navigation and its own buttons.
        Assert.True(await page.Locator(".mud-appbar").IsVisibleAsync());
        Assert.True(await page.Locator("button:text('Print')").IsVisibleAsync());
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator(".mud-appbar").IsVisibleAsync());
        Assert.False(await page.Locator("button:text('Print')").IsVisibleAsync());
        Assert.True(await page.Locator("[data-testid=report-confusion]").IsVisibleAsync());
    }
}

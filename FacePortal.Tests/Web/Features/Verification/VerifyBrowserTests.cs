using FacePortal.Tests.TestSupport;
using Microsoft.Playwright;

namespace FacePortal.Tests.Web.Features.Verification;

/// <summary>The Verify page in headless Chromium on the real portal: two LFW images of one person, then of two people.</summary>
[Collection(BrowserCollection.Name)]
public class VerifyBrowserTests
{
    [BrowserFact(NeedsLfw = true)]
    public async Task VerifyPage_LfwSamePersonThenTwoPeople_MatchThenNoMatch()
    {
        await using var session = await BrowserSession.StartAsync();
        await session.SignInAsync("/verify");
        var page = session.Page;
        await page.WaitForSelectorAsync("[data-testid=verify-title][data-interactive=true]");

        await page.SetInputFilesAsync("[data-testid=a-file]", VerifyImages.Lfw("Colin_Powell", 1));
        await page.SetInputFilesAsync("[data-testid=b-file]", VerifyImages.Lfw("Colin_Powell", 2));
        await page.WaitForSelectorAsync("[data-testid=a-name]");
        await page.WaitForSelectorAsync("[data-testid=b-name]");
        await page.ClickAsync("[data-testid=compare]");
        var verdict = page.Locator("[data-testid=verdict]");
        await Assertions.Expect(verdict).ToHaveTextAsync("Same person", new() { Timeout = 120_000 });
        Assert.Equal(68, await page.Locator("[data-testid=overlay-a] [data-testid=landmark]").CountAsync());
        Assert.Equal(2, await page.Locator("[data-testid=crop]").CountAsync());

        await page.SetInputFilesAsync("[data-testid=b-file]", VerifyImages.Lfw("Tony_Blair", 1));
        await Assertions.Expect(page.Locator("[data-testid=b-name]")).ToHaveTextAsync("Tony_Blair_0001.jpg");
        await page.ClickAsync("[data-testid=compare]");
        await Assertions.Expect(verdict).ToHaveTextAsync("Different people", new() { Timeout = 60_000 });
        // The default threshold says where it comes from: no operating point is saved here.
        Assert.Contains("configured one", await page.Locator("[data-testid=threshold-source]").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "verify");
    }
}

using System.Net;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FacePortal.Tests.Verification;

/// <summary>The Verify page in headless Chromium on the real portal: two LFW images of one person, then of two people.</summary>
public class VerifyBrowserTests
{
    [BrowserFact]
    public async Task VerifyPage_LfwSamePersonThenTwoPeople_MatchThenNoMatch()
    {
        if (!Directory.Exists(VerifyImages.LfwImages))
        {
            return; // LFW absent: the bunit and service tests cover the page with face-api's images.
        }
        await using var factory = new PortalFactory();
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("fp-chromium-");
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new()
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(address + "/verify");
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("input[name=email]", PortalFactory.AdminEmail);
        await page.FillAsync("input[name=password]", PortalFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
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
        profile.Delete(recursive: true);
    }
}

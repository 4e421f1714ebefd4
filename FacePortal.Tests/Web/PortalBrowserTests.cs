using System.Net;
using FacePortal.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FacePortal.Tests.Web;

/// <summary>The portal on a real port, driven by headless Chromium.</summary>
public class PortalBrowserTests
{
    [BrowserFact]
    public async Task Models_AfterStart_ListsTheConvertedNetworksAndProvider()
    {
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

        await page.GotoAsync(address + "/");
        // Signed out: the portal sends us to the sign-in page first, then back.
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("input[name=email]", PortalFactory.AdminEmail);
        await page.FillAsync("input[name=password]", PortalFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=signed-in-user]");
        await page.WaitForSelectorAsync("[data-testid=engine-ready]", new() { Timeout = 120_000 });
        await page.ClickAsync("a[href='models']");
        var table = page.Locator("[data-testid=models-table]");
        await table.Locator("tbody tr").Nth(3).WaitForAsync(new() { Timeout = 30_000 });
        var text = await table.InnerTextAsync();

        Assert.Contains("face-api", text);
        Assert.Contains("tiny_face_detector_416", text);
        Assert.Contains("CPU", text);
        Assert.Equal(4, await table.Locator("tbody tr").CountAsync());
        profile.Delete(recursive: true);
    }
}

using FacePortal.Tests.TestSupport;
using Microsoft.Playwright;

namespace FacePortal.Tests.Web.Platform;

/// <summary>The first pages anyone sees: sign-in, an unknown address, the favicon.</summary>
[Collection(BrowserCollection.Name)]
public class FirstImpressionBrowserTests
{
    [BrowserFact]
    public async Task SignIn_WrongPasswordThenRight_FieldsAreDrawnAndTheEmailIsKept()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;
        await page.GotoAsync(session.Address + "/");
        await page.WaitForURLAsync("**/account/login**");

        // MudBlazor's reset leaves inputs and buttons bare: the sign-in page must draw them itself.
        var email = page.Locator("input[name=email]");
        Assert.NotEqual("0px", await email.EvaluateAsync<string>("e => getComputedStyle(e).borderTopWidth"));
        Assert.NotEqual("none", await email.EvaluateAsync<string>("e => getComputedStyle(e).borderTopStyle"));
        var buttonBackground = await page.Locator("button[type=submit]").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.NotEqual("rgba(0, 0, 0, 0)", buttonBackground);
        await Screenshots.SaveAsync(page, "sign-in");

        await email.FillAsync(PortalFactory.AdminEmail);
        await page.FillAsync("input[name=password]", "not-the-password");
        await page.ClickAsync("button[type=submit]");
        // Only the document is needed (the load event can lag far behind on a busy machine).
        await page.WaitForURLAsync("**/account/login?error=**", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.WaitForSelectorAsync("[data-testid=login-error]");
        Assert.Equal(PortalFactory.AdminEmail, await email.InputValueAsync());
        Assert.Equal("", await page.Locator("input[name=password]").InputValueAsync());
        await Screenshots.SaveAsync(page, "sign-in-failed");

        await page.FillAsync("input[name=password]", PortalFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=signed-in-user]");
    }

    [BrowserFact]
    public async Task UnknownAddress_SignedIn_ShowsThePortalsNotFoundPage()
    {
        await using var session = await BrowserSession.StartAsync();
        await session.SignInAsync();
        var page = session.Page;

        var response = await page.GotoAsync(session.Address + "/no/such/page");

        Assert.Equal(404, response!.Status);
        await page.WaitForSelectorAsync("[data-testid=not-found]");
        // In the portal's layout: the navigation is there to go on from.
        Assert.True(await page.Locator("a[href='galleries']").CountAsync() > 0);
        await Screenshots.SaveAsync(page, "not-found");

        var icon = await page.APIRequest.GetAsync(session.Address + "/favicon.ico");
        Assert.Equal(200, icon.Status);
        var bytes = await icon.BodyAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]);

        // The REST API keeps its own 404s: no HTML page for a client that parses JSON.
        var api = await page.APIRequest.GetAsync(session.Address + "/api/galleries/987654", new() { Headers = new Dictionary<string, string> { ["X-Api-Key"] = PortalFactory.ApiKey } });
        Assert.Equal(404, api.Status);
        Assert.DoesNotContain("text/html", api.Headers.GetValueOrDefault("content-type") ?? "", StringComparison.Ordinal);
    }
}

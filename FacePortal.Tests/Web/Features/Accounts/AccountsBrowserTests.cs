using System.Net;
using System.Net.Http.Json;
using FacePortal.Tests.TestSupport;
using Microsoft.Playwright;

namespace FacePortal.Tests.Web.Features.Accounts;

/// <summary>The admin pages in headless Chromium, under the portal's Content-Security-Policy.</summary>
[Collection(BrowserCollection.Name)]
public class AccountsBrowserTests
{
    [BrowserFact]
    public async Task Admin_CreatesOperatorAndViewer_EachSeesTheirRole_AndAKeyIsCreatedUsedRevokedRefused()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = session.Page;
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        await session.SignInAsync("/admin/users");

        // An operator with a generated one-time password, a viewer with one the admin typed.
        var operatorEmail = "op-" + Guid.NewGuid().ToString("N")[..6] + "@test.local";
        var viewerEmail = "viewer-" + Guid.NewGuid().ToString("N")[..6] + "@test.local";
        await FillAsync(page, "new-user-email", operatorEmail);
        await page.ClickAsync("[data-testid=new-user-role-operator]");
        await page.ClickAsync("[data-testid=create-user]");
        var oneTime = await page.Locator("[data-testid=one-time-password-value]").InnerTextAsync();
        Assert.StartsWith("Fp-", oneTime);
        await FillAsync(page, "new-user-email", viewerEmail);
        await FillAsync(page, "new-user-password", "Viewer-Initial-1");
        await page.ClickAsync("[data-testid=new-user-role-viewer]");
        await page.ClickAsync("[data-testid=create-user]");
        await page.Locator($"[data-testid=user-row][data-email='{viewerEmail}']").WaitForAsync();
        Assert.Contains("operator", await page.Locator($"[data-testid=user-row][data-email='{operatorEmail}']").InnerTextAsync());
        Assert.Contains("sign-in", await page.Locator("[data-testid=security-activity]").InnerTextAsync());

        // An operator key: shown once, works, is revoked, is refused.
        await page.ClickAsync("a[href='admin/apikeys']");
        await FillAsync(page, "new-key-name", "browser-test");
        await page.ClickAsync("[data-testid=new-key-role-operator]");
        await page.ClickAsync("[data-testid=create-key]");
        var key = await page.Locator("[data-testid=new-key-value]").InnerTextAsync();
        using var api = new HttpClient { BaseAddress = new Uri(session.Address) };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/galleries", new { name = "Made with a key" })).StatusCode);
        await page.ReloadAsync();
        await session.WaitInteractiveAsync();
        var row = page.Locator("[data-testid=key-row][data-key-name='browser-test']");
        Assert.DoesNotContain("never", await row.Locator("[data-testid=key-last-used]").InnerTextAsync());
        Assert.DoesNotContain(key, await page.ContentAsync());
        await row.Locator("[data-testid=revoke-key]").ClickAsync();
        await page.Locator(".mud-dialog button", new() { HasText = "Revoke" }).ClickAsync();
        await page.Locator("[data-testid=key-row][data-key-name='browser-test'][data-key-state=revoked]").WaitForAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/galleries")).StatusCode);

        // The operator: chooses a password first, then may create galleries, but not manage accounts.
        await SignOutAsync(page);
        await SignInAsync(session, operatorEmail, oneTime, "/galleries");
        await ChangePasswordAsync(page, oneTime, "Operator-Own-2");
        await session.WaitInteractiveAsync();
        Assert.Equal(1, await page.Locator("[data-testid=create-gallery]").CountAsync());
        Assert.Contains("Made with a key", await page.Locator("[data-testid=galleries]").InnerTextAsync());
        Assert.Equal(0, await page.Locator("[data-testid=admin-nav]").CountAsync());
        var denied = await page.GotoAsync(session.Address + "/admin/users");
        Assert.Equal(403, denied!.Status);

        // The viewer: may look, not change.
        await page.GotoAsync(session.Address + "/galleries");
        await SignOutAsync(page);
        await SignInAsync(session, viewerEmail, "Viewer-Initial-1", "/galleries");
        await ChangePasswordAsync(page, "Viewer-Initial-1", "Viewer-Own-2");
        await session.WaitInteractiveAsync();
        Assert.Contains("Made with a key", await page.Locator("[data-testid=galleries]").InnerTextAsync());
        Assert.Equal(0, await page.Locator("[data-testid=create-gallery]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=delete-gallery]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=admin-nav]").CountAsync());

        Assert.Empty(violations);
    }

    private static Task FillAsync(IPage page, string testId, string value) =>
        page.FillAsync($"[data-testid={testId}] input, input[data-testid={testId}]", value);

    private static async Task SignOutAsync(IPage page)
    {
        // A click while the circuit re-renders the layout can land on a button being replaced: click again then.
        IResponse? response = null;
        for (var attempt = 0; attempt < 3 && response is null; attempt++)
        {
            try
            {
                response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button:has-text('Sign out')"),
                    r => r.Url.EndsWith("/account/logout", StringComparison.Ordinal), new() { Timeout = 20_000 });
            }
            catch (TimeoutException) when (attempt < 2)
            {
                // not sent: try again
            }
        }
        if (response!.Status != 302)
        {
            Assert.Fail($"sign-out answered {response.Status}: {await response.TextAsync()}");
        }
        await page.WaitForURLAsync("**/account/login**");
    }

    private static async Task SignInAsync(BrowserSession session, string email, string password, string path)
    {
        var page = session.Page;
        await page.GotoAsync(session.Address + path);
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("input[name=email]", email);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("button[type=submit]");
    }

    /// <summary>On the forced password page (a password set by the admin), then back where the user was going.</summary>
    private static async Task ChangePasswordAsync(IPage page, string current, string next)
    {
        await page.WaitForSelectorAsync("[data-testid=password-change-required]");
        await page.FillAsync("input[name=currentPassword]", current);
        await page.FillAsync("input[name=newPassword]", next);
        await page.FillAsync("input[name=confirmPassword]", next);
        await page.ClickAsync("[data-testid=change-password]");
        await page.WaitForSelectorAsync("[data-testid=signed-in-user]");
    }
}

using System.Net;
using FacePortal.Web.Platform.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Platform.Auth;

/// <summary>Sign-in and sign-out through real HTTP requests with real cookies.</summary>
[Collection(SecurityPortalCollection.Name)]
public class SessionTests(SecurityPortalFixture portal)
{
    [Fact]
    public async Task SignOut_CookieCopiedBefore_IsRefusedAfter()
    {
        var email = await portal.CreateUserAsync(Roles.Operator);
        using var session = await portal.SignInAsync(email);
        using var copy = session.Copy();
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/galleries")).StatusCode);

        var signOut = await session.PostFormAsync("/", "/account/logout", []);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/account/login", signOut.Headers.Location?.ToString());
        Assert.False(session.HasSignInCookie);
        Assert.True(copy.HasSignInCookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/galleries")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await copy.GetAsync("/")).StatusCode);
        // Signing in again works, with a fresh cookie.
        using var again = await portal.SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/galleries")).StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutTheFormToken_Refused()
    {
        var email = await portal.CreateUserAsync(Roles.Viewer);
        using var session = await portal.SignInAsync(email);

        var signOut = await session.SendAsync(HttpMethod.Post, "/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/galleries")).StatusCode);
    }

    [Theory]
    [InlineData("/\u0001evil")]
    [InlineData("/a\r\nSet-Cookie: x=y")]
    [InlineData("/\t/evil.example")]
    [InlineData("/models\u007f")]
    public async Task SignIn_ControlCharacterInReturnUrl_GoesHomeInsteadOf500(string returnUrl)
    {
        var email = await portal.CreateUserAsync(Roles.Viewer);
        using var session = CookieSession.Anonymous(portal.Factory);

        var wrong = await session.PostLoginAsync(email, "not-the-password", returnUrl);
        var right = await session.PostLoginAsync(email, SecurityPortalFixture.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        Assert.Equal("/account/login?error=invalid&returnUrl=%2F", wrong.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/", right.Headers.Location?.ToString());
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/models?x=1", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("/\u0000", false)]
    [InlineData("/ok\u0085", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsLocal_AcceptsExactlyWhatLocalRedirectAccepts(string? url, bool local)
    {
        Assert.Equal(local, AccountEndpoints.IsLocal(url));
        if (url is not null)
        {
            // What the sign-in endpoint answers with: it throws for a URL it does not take as local.
            var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
            var accepted = url.Length > 0 && Record.Exception(() => TypedResults.LocalRedirect(url).ExecuteAsync(context).GetAwaiter().GetResult()) is null;
            Assert.Equal(local, accepted);
        }
    }

    [Fact]
    public async Task SignIns_FailedSignIns_AndLockout_AreInTheActivityLog()
    {
        var email = await portal.CreateUserAsync(Roles.Viewer);
        using var session = CookieSession.Anonymous(portal.Factory);

        await session.PostLoginAsync(email, SecurityPortalFixture.Password, "/");
        for (var i = 0; i < 10; i++)
        {
            await session.PostLoginAsync(email, "wrong-" + i, "/");
        }
        var locked = await session.PostLoginAsync(email, SecurityPortalFixture.Password, "/");

        Assert.Contains("error=locked", locked.Headers.Location?.ToString());
        await using var db = portal.Db();
        var actions = await db.Activity.Where(a => a.User == email).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(SecurityActivity.SignIn, actions[0]);
        Assert.Equal(9, actions.Count(a => a == SecurityActivity.SignInFailed));
        // The tenth failure locks the account; the right password is then refused too.
        Assert.Equal([SecurityActivity.LockedOut, SecurityActivity.LockedOut], actions[^2..]);
    }

    [Fact]
    public async Task Forbidden_Page_Is403_NotARedirect()
    {
        var email = await portal.CreateUserAsync(Roles.Operator);
        using var session = await portal.SignInAsync(email);

        var page = await session.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("Your role does not allow this page", await page.Content.ReadAsStringAsync());
    }
}

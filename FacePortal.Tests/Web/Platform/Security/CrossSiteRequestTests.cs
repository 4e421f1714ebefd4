using System.Net;
using System.Net.Http.Json;
using FacePortal.Tests.Web.Platform.Auth;
using FacePortal.Web.Platform.Auth;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Platform.Security;

/// <summary>Changes made with a real sign-in cookie from another site's page are refused; API keys are not affected.</summary>
[Collection(SecurityPortalCollection.Name)]
public class CrossSiteRequestTests(SecurityPortalFixture portal)
{
    private const string Evil = "http://evil.example";

    [Fact]
    public async Task CookiePost_FromAnotherOrigin_403_AndNothingChanges()
    {
        using var session = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Operator));
        var name = "evil-" + Guid.NewGuid().ToString("N")[..8];

        var create = await session.PostJsonAsync("/api/galleries", new { name }, origin: Evil);
        var import = await session.SendAsync(HttpMethod.Post, "/api/galleries/1/import", JsonContent.Create(new { serverFolder = "/tmp" }), origin: Evil);
        var pairs = await session.SendAsync(HttpMethod.Post, "/api/pairsets", JsonContent.Create(new { galleryId = 1 }), origin: Evil);
        var opaque = await session.PostJsonAsync("/api/galleries", new { name }, origin: "null");

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, import.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, pairs.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, opaque.StatusCode);
        Assert.Equal("application/problem+json", create.Content.Headers.ContentType?.MediaType);
        await using var db = portal.Db();
        Assert.False(await db.Galleries.AnyAsync(g => g.Name == name));
        // The same request from the portal's own page goes through.
        Assert.Equal(HttpStatusCode.Created, (await session.PostJsonAsync("/api/galleries", new { name })).StatusCode);
    }

    [Fact]
    public async Task CookiePost_WithoutOrigin_JudgedByReferer_AndRefusedWithNeither()
    {
        using var session = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Operator));

        var evilReferer = await session.SendAsync(HttpMethod.Post, "/api/galleries", JsonContent.Create(new { name = "r-" + Guid.NewGuid() }), origin: null, referer: Evil + "/page");
        var neither = await session.SendAsync(HttpMethod.Post, "/api/galleries", JsonContent.Create(new { name = "n-" + Guid.NewGuid() }), origin: null);
        var ownReferer = await session.SendAsync(HttpMethod.Post, "/api/galleries", JsonContent.Create(new { name = "o-" + Guid.NewGuid() }), origin: null, referer: CookieSession.OwnOrigin + "/galleries");
        var otherPort = await session.PostJsonAsync("/api/galleries", new { name = "p-" + Guid.NewGuid() }, origin: "http://localhost:8080");
        var otherScheme = await session.PostJsonAsync("/api/galleries", new { name = "s-" + Guid.NewGuid() }, origin: "https://localhost");

        Assert.Equal(HttpStatusCode.Forbidden, evilReferer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, neither.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ownReferer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherPort.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherScheme.StatusCode);
    }

    [Fact]
    public async Task SignOut_FromAnotherOrigin_Refused_SessionStays()
    {
        using var session = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer));

        var signOut = await session.PostFormAsync("/", "/account/logout", [], origin: Evil);

        Assert.Equal(HttpStatusCode.Forbidden, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/galleries")).StatusCode);
    }

    [Fact]
    public async Task ApiKey_WithAnyOrigin_IsExempt()
    {
        using var client = portal.Factory.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/galleries") { Content = JsonContent.Create(new { name = "key-" + Guid.NewGuid() }) };
        request.Headers.Add("Origin", Evil);

        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Reads_FromAnotherOrigin_AreNotChanges_AndPass()
    {
        using var session = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer));
        var read = await session.SendAsync(HttpMethod.Get, "/api/galleries", origin: Evil, referer: Evil + "/");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }
}

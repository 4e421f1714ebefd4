using System.Net;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Platform.Auth;
using FacePortal.Web.Platform.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FacePortal.Tests.Web.Platform.Security;

[Collection(SecurityPortalCollection.Name)]
public class SecurityHeadersTests(SecurityPortalFixture portal)
{
    [Fact]
    public async Task EveryKindOfResponse_CarriesTheSecurityHeaders()
    {
        using var session = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer));
        using var anonymous = CookieSession.Anonymous(portal.Factory);

        var responses = new[]
        {
            await session.GetAsync("/"),
            await session.GetAsync("/galleries"),
            await session.GetAsync("/api/galleries"),
            await anonymous.GetAsync("/account/login"),
            await anonymous.GetAsync("/api/galleries"),
            await anonymous.GetAsync("/css/portal.css"),
            await anonymous.GetAsync("/health"),
            await anonymous.GetAsync("/no/such/page"),
        };

        foreach (var response in responses)
        {
            var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp);
            Assert.Contains("script-src 'self';", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
            Assert.Contains("connect-src 'self' ws://localhost wss://localhost", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("object-src 'none'", csp);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        }
        Assert.Equal(HttpStatusCode.OK, responses[0].StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, responses[4].StatusCode);
    }

    [Fact]
    public async Task Hsts_OutsideDevelopment_OnHttpsOnly()
    {
        await using var factory = new PortalFactory();
        await using var production = factory.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        using var https = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://portal.example"), AllowAutoRedirect = false });
        using var http = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://portal.example"), AllowAutoRedirect = false });

        var secure = await https.GetAsync("/health");
        var plain = await http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.StartsWith("max-age=31536000", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.Web.Platform.Auth;
using FacePortal.Web.Features.Accounts;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.Accounts;

/// <summary>Accounts and API keys through the hosted portal: real cookies, real keys, real database.</summary>
[Collection(SecurityPortalCollection.Name)]
public class AccountsApiTests(SecurityPortalFixture portal)
{
    [Fact]
    public async Task ViewerKey_CanRead_CannotChange_OperatorKey_Can()
    {
        using var admin = await portal.SignInAdminAsync();
        var viewer = await CreateKeyAsync(admin, Roles.Viewer);
        var op = await CreateKeyAsync(admin, Roles.Operator);
        using var asViewer = KeyClient(viewer);
        using var asOperator = KeyClient(op);

        Assert.Equal(HttpStatusCode.OK, (await asViewer.GetAsync("/api/galleries")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asViewer.GetAsync("/api/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asViewer.PostAsJsonAsync("/api/galleries", new { name = "by-viewer-key" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asViewer.PostAsync("/api/jobs/1/cancel", null)).StatusCode);
        var created = await asOperator.PostAsJsonAsync("/api/galleries", new { name = "by-operator-key-" + Guid.NewGuid().ToString("N")[..6] });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // Changes made with a key are recorded under the key's name.
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await using var db = portal.Db();
        Assert.Equal("key:" + op.Name, (await db.Activity.FirstAsync(a => a.GalleryId == id)).User);
    }

    [Fact]
    public async Task RevokedKey_401_FromTheNextRequest()
    {
        using var admin = await portal.SignInAdminAsync();
        var key = await CreateKeyAsync(admin, Roles.Operator);
        using var client = KeyClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/galleries")).StatusCode);

        var revoke = await admin.SendAsync(HttpMethod.Delete, $"/api/apikeys/{key.Id}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/galleries")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/galleries", new { name = "after-revoke" })).StatusCode);
        var listed = await admin.GetAsync("/api/apikeys");
        var row = (await listed.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single(k => k.GetProperty("id").GetInt32() == key.Id);
        Assert.Equal("revoked", row.GetProperty("state").GetString());
        Assert.False(row.TryGetProperty("key", out _));
    }

    [Fact]
    public async Task ExpiredKey_401_UnexpiredOne_Works()
    {
        var expired = ApiKeySecrets.Generate();
        var current = ApiKeySecrets.Generate();
        await using (var db = portal.Db())
        {
            db.ApiKeys.Add(Row("expired-" + Guid.NewGuid(), expired, DateTimeOffset.UtcNow.AddSeconds(-1)));
            db.ApiKeys.Add(Row("current-" + Guid.NewGuid(), current, DateTimeOffset.UtcNow.AddHours(1)));
            await db.SaveChangesAsync();
        }
        using var expiredClient = KeyClient(expired);
        using var currentClient = KeyClient(current);

        Assert.Equal(HttpStatusCode.Unauthorized, (await expiredClient.GetAsync("/api/galleries")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await currentClient.GetAsync("/api/galleries")).StatusCode);
        // Neither a near miss of a key nor the stored hash itself is a key.
        using var nearMiss = KeyClient(current[..^1] + (current[^1] == 'A' ? 'B' : 'A'));
        using var hash = KeyClient(ApiKeySecrets.Hash(current));
        Assert.Equal(HttpStatusCode.Unauthorized, (await nearMiss.GetAsync("/api/galleries")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await hash.GetAsync("/api/galleries")).StatusCode);
    }

    [Fact]
    public async Task KeyUse_SetsLastUsed_AndIsLoggedOncePerMinute()
    {
        using var admin = await portal.SignInAdminAsync();
        var key = await CreateKeyAsync(admin, Roles.Viewer);
        using var client = KeyClient(key);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetAsync("/api/galleries")));

        await using var db = portal.Db();
        var row = await db.ApiKeys.SingleAsync(k => k.Id == key.Id);
        Assert.InRange(row.LastUsedAt!.Value, before, DateTimeOffset.UtcNow.AddSeconds(1));
        var uses = await db.Activity.Where(a => a.User == "key:" + key.Name).ToListAsync();
        var use = Assert.Single(uses);
        Assert.Equal(SecurityActivity.ApiKeyUsed, use.Action);
        Assert.Contains("GET /api/galleries", use.Details);
        Assert.Contains(await db.Activity.Where(a => a.Action == ApiKeyService.Created).Select(a => a.Details).ToListAsync(), d => d.StartsWith(key.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfiguredKey_StillWorks_AsOperator()
    {
        using var client = portal.Factory.CreateApiClient();

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/galleries", new { name = "config-key-" + Guid.NewGuid().ToString("N")[..6] })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task NonAdmin_Gets403_OnAdminPagesAndEndpoints()
    {
        using var op = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Operator));
        using var viewer = await portal.SignInAsync(await portal.CreateUserAsync(Roles.Viewer));
        using var admin = await portal.SignInAdminAsync();
        using var opKey = KeyClient(await CreateKeyAsync(admin, Roles.Operator));

        foreach (var session in new[] { op, viewer })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync("/admin/users")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync("/admin/apikeys")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync("/api/users")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync("/api/apikeys")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await session.PostJsonAsync("/api/users", new { email = "x@test.local", role = "admin" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await session.PostJsonAsync("/api/apikeys", new { name = "mine", role = "operator" })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await opKey.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await opKey.PostAsJsonAsync("/api/apikeys", new { name = "by-key", role = "operator" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/apikeys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task DisabledUser_CannotSignIn_AndTheOpenSessionEnds()
    {
        var email = await portal.CreateUserAsync(Roles.Operator);
        using var session = await portal.SignInAsync(email);
        using var admin = await portal.SignInAdminAsync();
        var id = await UserIdAsync(admin, email);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Post, $"/api/users/{id}/disable")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/galleries")).StatusCode);
        using var again = CookieSession.Anonymous(portal.Factory);
        var refused = await again.PostLoginAsync(email, SecurityPortalFixture.Password, "/");
        Assert.Contains("error=disabled", refused.Headers.Location?.ToString());
        Assert.False(again.HasSignInCookie);
        Assert.Contains("disabled", await (await again.GetAsync(refused.Headers.Location!.ToString())).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Post, $"/api/users/{id}/enable")).StatusCode);
        using var enabled = await portal.SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await enabled.GetAsync("/api/galleries")).StatusCode);
    }

    [Fact]
    public async Task CreatedUser_MustChangePasswordFirst_ThenUsesTheNewOne()
    {
        using var admin = await portal.SignInAdminAsync();
        var email = $"new-{Guid.NewGuid():N}"[..16] + "@test.local";
        var created = await admin.PostJsonAsync("/api/users", new { email, role = "operator", password = "Initial-Pass-1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostJsonAsync("/api/users", new { email, role = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostJsonAsync("/api/users", new { email = "other@test.local", role = "root" })).StatusCode);

        using var user = await CookieSession.SignInAsync(portal.Factory, email, "Initial-Pass-1", "/galleries");
        using var before = user.Copy();
        var home = await user.GetAsync("/galleries");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/account/password?returnUrl=%2Fgalleries", home.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/galleries")).StatusCode);
        Assert.Contains("password-change-required", await (await user.GetAsync("/account/password")).Content.ReadAsStringAsync());

        var wrong = await ChangePasswordAsync(user, "not-it", "Own-Password-2", "Own-Password-2");
        var mismatch = await ChangePasswordAsync(user, "Initial-Pass-1", "Own-Password-2", "Own-Password-3");
        var changed = await ChangePasswordAsync(user, "Initial-Pass-1", "Own-Password-2", "Own-Password-2");

        Assert.Contains("error=current", wrong.Headers.Location?.ToString());
        Assert.Contains("error=refused", mismatch.Headers.Location?.ToString());
        Assert.Equal("/galleries", changed.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/galleries")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await user.PostJsonAsync("/api/galleries", new { name = "own-" + Guid.NewGuid().ToString("N")[..6] })).StatusCode);
        // The session from before the change is over; the new password signs in, the old one not.
        Assert.Equal(HttpStatusCode.Unauthorized, (await before.GetAsync("/api/galleries")).StatusCode);
        using var fresh = CookieSession.Anonymous(portal.Factory);
        Assert.Contains("error=invalid", (await fresh.PostLoginAsync(email, "Initial-Pass-1", "/")).Headers.Location?.ToString());
        using var withNew = await CookieSession.SignInAsync(portal.Factory, email, "Own-Password-2");
        Assert.Equal(HttpStatusCode.OK, (await withNew.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task RoleChange_EndsTheSession_TheNextSignInHasTheNewRole()
    {
        var email = await portal.CreateUserAsync(Roles.Operator);
        using var session = await portal.SignInAsync(email);
        using var admin = await portal.SignInAdminAsync();
        var id = await UserIdAsync(admin, email);

        var put = await admin.SendAsync(HttpMethod.Put, $"/api/users/{id}/role", JsonContent.Create(new { role = "viewer" }));

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.PostJsonAsync("/api/galleries", new { name = "demoted" })).StatusCode);
        using var again = await portal.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.PostJsonAsync("/api/galleries", new { name = "demoted" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/galleries")).StatusCode);
    }

    [Fact]
    public async Task PasswordReset_GivesAOneTimePasswordThatSignsIn()
    {
        var email = await portal.CreateUserAsync(Roles.Viewer);
        using var admin = await portal.SignInAdminAsync();
        var id = await UserIdAsync(admin, email);

        var reset = await admin.SendAsync(HttpMethod.Post, $"/api/users/{id}/password-reset");

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var password = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()!;
        using var user = await CookieSession.SignInAsync(portal.Factory, email, password);
        Assert.Equal(HttpStatusCode.Redirect, (await user.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync(HttpMethod.Post, "/api/users/no-such-id/password-reset")).StatusCode);
    }

    private static ApiKey Row(string name, string secret, DateTimeOffset? expires) => new()
    {
        Name = name, Prefix = ApiKeySecrets.Prefix(secret), Hash = ApiKeySecrets.Hash(secret), Role = Roles.Operator,
        CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "test", ExpiresAt = expires,
    };

    private static async Task<CreatedApiKey> CreateKeyAsync(CookieSession admin, string role)
    {
        var response = await admin.PostJsonAsync("/api/apikeys", new { name = $"{role}-{Guid.NewGuid():N}"[..16], role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedApiKey>())!;
    }

    private HttpClient KeyClient(CreatedApiKey key) => KeyClient(key.Key);

    private HttpClient KeyClient(string key)
    {
        var client = portal.Factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, key);
        return client;
    }

    private static async Task<string> UserIdAsync(CookieSession admin, string email)
    {
        var users = await (await admin.GetAsync("/api/users")).Content.ReadFromJsonAsync<JsonElement>();
        return users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> ChangePasswordAsync(CookieSession user, string current, string next, string confirm) =>
        user.PostFormAsync("/account/password?returnUrl=%2Fgalleries", "/account/password", new()
        {
            ["currentPassword"] = current, ["newPassword"] = next, ["confirmPassword"] = confirm, ["returnUrl"] = "/galleries",
        });
}

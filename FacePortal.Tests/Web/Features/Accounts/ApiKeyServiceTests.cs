using System.Security.Cryptography;
using System.Text;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Accounts;
using FacePortal.Web.Platform.Auth;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.Accounts;

/// <summary>Portal API keys on a real SQLite database.</summary>
public class ApiKeyServiceTests : IAsyncLifetime
{
    private AccountsTestHost _host = null!;

    private ApiKeyService Keys => _host.Keys;

    public async Task InitializeAsync() => _host = await AccountsTestHost.CreateAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_StoresOnlyTheHash_AndListsThePrefix()
    {
        var expires = DateTimeOffset.UtcNow.AddDays(30);

        var created = await Keys.CreateAsync(" ci runner ", "Viewer", expires, _host.Admin, CancellationToken.None);

        Assert.StartsWith(ApiKeySecrets.Marker, created.Key);
        Assert.True(created.Key.Length >= 40);
        Assert.Equal("ci runner", created.Name);
        Assert.Equal(Roles.Viewer, created.Role);
        await using (var db = _host.Db.CreateDbContext())
        {
            var row = await db.ApiKeys.SingleAsync();
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Key))), row.Hash);
            Assert.Equal(created.Key[..12], row.Prefix);
            Assert.DoesNotContain(created.Key, string.Join("|", row.Name, row.Prefix, row.Hash, row.Role, row.CreatedBy));
            Assert.Equal(expires.UtcTicks / 10_000, row.ExpiresAt!.Value.UtcTicks / 10_000);
        }
        var listed = Assert.Single(await Keys.ListAsync(_host.Admin, CancellationToken.None));
        Assert.Equal(("ci runner", created.Key[..12], "viewer", "active", AccountsTestHost.AdminEmail), (listed.Name, listed.Prefix, listed.Role, listed.State, listed.CreatedBy));
        Assert.Null(listed.LastUsedAt);
    }

    [Fact]
    public async Task Create_TwoKeys_AreDifferent()
    {
        var a = await Keys.CreateAsync("a", Roles.Operator, null, _host.Admin, CancellationToken.None);
        var b = await Keys.CreateAsync("b", Roles.Operator, null, _host.Admin, CancellationToken.None);

        Assert.NotEqual(a.Key, b.Key);
        Assert.NotEqual(a.Key[..12], b.Key[..12]);
    }

    [Theory]
    [InlineData("", "viewer")]
    [InlineData("k", "admin")]
    [InlineData("k", "root")]
    public async Task Create_BadNameOrRole_Refused(string name, string role)
    {
        await Assert.ThrowsAsync<AccountException>(() => Keys.CreateAsync(name, role, null, _host.Admin, CancellationToken.None));

        Assert.Empty(await Keys.ListAsync(_host.Admin, CancellationToken.None));
    }

    [Fact]
    public async Task Create_ExpiryInThePast_Refused()
    {
        await Assert.ThrowsAsync<AccountException>(() => Keys.CreateAsync("k", Roles.Viewer, DateTimeOffset.UtcNow.AddMinutes(-1), _host.Admin, CancellationToken.None));
    }

    [Fact]
    public async Task Create_NameOfAnActiveKey_Conflict_OfARevokedOne_Allowed()
    {
        var first = await Keys.CreateAsync("deploy", Roles.Operator, null, _host.Admin, CancellationToken.None);

        Assert.True((await Assert.ThrowsAsync<AccountException>(() => Keys.CreateAsync("deploy", Roles.Viewer, null, _host.Admin, CancellationToken.None))).Conflict);
        await Keys.RevokeAsync(first.Id, _host.Admin, CancellationToken.None);
        await Keys.CreateAsync("deploy", Roles.Viewer, null, _host.Admin, CancellationToken.None);

        Assert.Equal(["active", "revoked"], (await Keys.ListAsync(_host.Admin, CancellationToken.None)).Select(k => k.State));
    }

    [Fact]
    public async Task Revoke_MarksTheKey_AndIsLogged_UnknownIsNotFound()
    {
        var created = await Keys.CreateAsync("ci", Roles.Operator, null, _host.Admin, CancellationToken.None);

        await Keys.RevokeAsync(created.Id, _host.Admin, CancellationToken.None);
        await Keys.RevokeAsync(created.Id, _host.Admin, CancellationToken.None);

        var listed = Assert.Single(await Keys.ListAsync(_host.Admin, CancellationToken.None));
        Assert.Equal("revoked", listed.State);
        Assert.NotNull(listed.RevokedAt);
        Assert.True((await Assert.ThrowsAsync<AccountException>(() => Keys.RevokeAsync(987, _host.Admin, CancellationToken.None))).NotFound);
        var activity = await _host.Accounts.SecurityActivityAsync(10, _host.Admin, CancellationToken.None);
        Assert.Equal([ApiKeyService.Revoked, ApiKeyService.Created], activity.Select(a => a.Action));
        Assert.All(activity, a => Assert.DoesNotContain(created.Key, a.Details));
    }

    [Fact]
    public async Task EveryOperation_ByNonAdmin_Refused()
    {
        var created = await Keys.CreateAsync("ci", Roles.Operator, null, _host.Admin, CancellationToken.None);
        foreach (var user in new[] { TestUsers.Operator, TestUsers.Viewer })
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Keys.ListAsync(user, CancellationToken.None));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Keys.CreateAsync("mine", Roles.Operator, null, user, CancellationToken.None));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Keys.RevokeAsync(created.Id, user, CancellationToken.None));
        }
        Assert.Equal("active", Assert.Single(await Keys.ListAsync(_host.Admin, CancellationToken.None)).State);
    }
}

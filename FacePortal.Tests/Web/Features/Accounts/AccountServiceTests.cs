using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Accounts;
using FacePortal.Web.Platform.Auth;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.Accounts;

/// <summary>Account management on a real SQLite database with the portal's Identity set-up.</summary>
public class AccountServiceTests : IAsyncLifetime
{
    private AccountsTestHost _host = null!;

    private AccountService Accounts => _host.Accounts;

    public async Task InitializeAsync() => _host = await AccountsTestHost.CreateAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_WithoutPassword_GeneratesOneThatSignsInAndMustBeChanged()
    {
        var created = await Accounts.CreateAsync(" op@test.local ", "Operator", null, _host.Admin, CancellationToken.None);

        Assert.Equal("op@test.local", created.Email);
        Assert.Equal(Roles.Operator, created.Role);
        Assert.NotNull(created.OneTimePassword);
        Assert.True((await _host.CheckPasswordAsync("op@test.local", created.OneTimePassword)).Succeeded);
        var listed = Assert.Single(await Accounts.ListAsync(_host.Admin, CancellationToken.None), u => u.Email == "op@test.local");
        Assert.Equal(Roles.Operator, listed.Role);
        Assert.True(listed.MustChangePassword);
        Assert.False(listed.Disabled);
        var principal = await _host.PrincipalAsync(created.Id);
        Assert.True(principal.HasClaim(c => c.Type == PasswordChangeGate.ClaimType));
        Assert.True(principal.IsInRole(Roles.Operator));
    }

    [Fact]
    public async Task Create_WithPassword_UsesItAndStillAsksForAChange()
    {
        var created = await Accounts.CreateAsync("viewer@test.local", Roles.Viewer, "Chosen-By-Admin-1", _host.Admin, CancellationToken.None);

        Assert.Null(created.OneTimePassword);
        Assert.True((await _host.CheckPasswordAsync("viewer@test.local", "Chosen-By-Admin-1")).Succeeded);
        Assert.True((await _host.PrincipalAsync(created.Id)).HasClaim(c => c.Type == PasswordChangeGate.ClaimType));
    }

    [Theory]
    [InlineData("not-an-email", "viewer", null)]
    [InlineData("", "viewer", null)]
    [InlineData("x@test.local", "superuser", null)]
    [InlineData("x@test.local", "viewer", "short")]
    public async Task Create_BadInput_RefusedWithReason(string email, string role, string? password)
    {
        var e = await Assert.ThrowsAsync<AccountException>(() => Accounts.CreateAsync(email, role, password, _host.Admin, CancellationToken.None));

        Assert.False(e.Conflict);
        Assert.NotEmpty(e.Message);
        Assert.DoesNotContain(await Accounts.ListAsync(_host.Admin, CancellationToken.None), u => u.Email == email);
    }

    [Fact]
    public async Task Create_TakenEmail_Conflict()
    {
        var e = await Assert.ThrowsAsync<AccountException>(() => Accounts.CreateAsync(AccountsTestHost.AdminEmail, Roles.Viewer, null, _host.Admin, CancellationToken.None));

        Assert.True(e.Conflict);
    }

    [Fact]
    public async Task EveryOperation_ByNonAdmin_Refused()
    {
        var id = await _host.AddUserAsync("someone@test.local", Roles.Viewer);
        foreach (var user in new[] { TestUsers.Operator, TestUsers.Viewer, new System.Security.Claims.ClaimsPrincipal() })
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Accounts.ListAsync(user, CancellationToken.None));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Accounts.CreateAsync("new@test.local", Roles.Admin, null, user, CancellationToken.None));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Accounts.SetRoleAsync(id, Roles.Admin, user, CancellationToken.None));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Accounts.ResetPasswordAsync(id, user, CancellationToken.None));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Accounts.DisableAsync(id, user, CancellationToken.None));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Accounts.EnableAsync(id, user, CancellationToken.None));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Accounts.SecurityActivityAsync(10, user, CancellationToken.None));
        }
        Assert.Equal(Roles.Viewer, (await Accounts.ListAsync(_host.Admin, CancellationToken.None)).Single(u => u.Id == id).Role);
    }

    [Fact]
    public async Task SetRole_ReplacesTheRoleAndEndsTheSessions()
    {
        var id = await _host.AddUserAsync("op@test.local", Roles.Operator);
        var before = await _host.PrincipalAsync(id);

        await Accounts.SetRoleAsync(id, Roles.Viewer, _host.Admin, CancellationToken.None);

        var after = await _host.PrincipalAsync(id);
        Assert.True(after.IsInRole(Roles.Viewer));
        Assert.False(after.IsInRole(Roles.Operator));
        Assert.False(await _host.WithIdentityAsync((users, _) => SessionValidator.IsCurrentAsync(users, before)));
        Assert.True(await _host.WithIdentityAsync((users, _) => SessionValidator.IsCurrentAsync(users, after)));
    }

    [Fact]
    public async Task LastAdmin_CannotBeDemotedOrDisabled_ASecondOneCan()
    {
        var adminId = _host.Admin.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        var other = await _host.AddUserAsync("admin2@test.local", Roles.Admin);
        var otherPrincipal = await _host.PrincipalAsync(other);

        await Assert.ThrowsAsync<AccountException>(() => Accounts.DisableAsync(adminId, _host.Admin, CancellationToken.None));
        await Accounts.DisableAsync(other, _host.Admin, CancellationToken.None);
        var e = await Assert.ThrowsAsync<AccountException>(() => Accounts.SetRoleAsync(adminId, Roles.Viewer, _host.Admin, CancellationToken.None));
        Assert.Contains("last enabled admin", e.Message);

        await Accounts.EnableAsync(other, _host.Admin, CancellationToken.None);
        await Accounts.SetRoleAsync(adminId, Roles.Operator, otherPrincipal, CancellationToken.None);
        Assert.Equal(Roles.Operator, (await Accounts.ListAsync(otherPrincipal, CancellationToken.None)).Single(u => u.Id == adminId).Role);
    }

    [Fact]
    public async Task Disable_RefusesSignInAndEndsSessions_EnableRestores()
    {
        var id = await _host.AddUserAsync("op@test.local", Roles.Operator);
        var session = await _host.PrincipalAsync(id);

        await Accounts.DisableAsync(id, _host.Admin, CancellationToken.None);

        Assert.True((await _host.CheckPasswordAsync("op@test.local", AccountsTestHost.Password)).IsLockedOut);
        Assert.False(await _host.WithIdentityAsync((users, _) => SessionValidator.IsCurrentAsync(users, session)));
        Assert.True((await Accounts.ListAsync(_host.Admin, CancellationToken.None)).Single(u => u.Id == id).Disabled);

        await Accounts.EnableAsync(id, _host.Admin, CancellationToken.None);

        Assert.True((await _host.CheckPasswordAsync("op@test.local", AccountsTestHost.Password)).Succeeded);
        Assert.False((await Accounts.ListAsync(_host.Admin, CancellationToken.None)).Single(u => u.Id == id).Disabled);
    }

    [Fact]
    public async Task ResetPassword_OldOneStopsWorking_NewOneMustBeChanged()
    {
        var id = await _host.AddUserAsync("op@test.local", Roles.Operator);
        var session = await _host.PrincipalAsync(id);

        var password = await Accounts.ResetPasswordAsync(id, _host.Admin, CancellationToken.None);

        Assert.False((await _host.CheckPasswordAsync("op@test.local", AccountsTestHost.Password)).Succeeded);
        Assert.True((await _host.CheckPasswordAsync("op@test.local", password)).Succeeded);
        Assert.False(await _host.WithIdentityAsync((users, _) => SessionValidator.IsCurrentAsync(users, session)));
        Assert.True((await Accounts.ListAsync(_host.Admin, CancellationToken.None)).Single(u => u.Id == id).MustChangePassword);
    }

    [Fact]
    public async Task ChangeOwnPassword_WrongCurrentOrMismatch_Refused_RightOne_ClearsTheFlag()
    {
        var created = await Accounts.CreateAsync("op@test.local", Roles.Operator, "Initial-Password-1", _host.Admin, CancellationToken.None);
        var me = await _host.PrincipalAsync(created.Id);

        Assert.Equal(PasswordChangeOutcome.WrongPassword, (await Accounts.ChangeOwnPasswordAsync(me, "not-it", "New-Password-2", "New-Password-2", CancellationToken.None)).Outcome);
        Assert.Equal(PasswordChangeOutcome.Refused, (await Accounts.ChangeOwnPasswordAsync(me, "Initial-Password-1", "New-Password-2", "New-Password-3", CancellationToken.None)).Outcome);
        Assert.Equal(PasswordChangeOutcome.Refused, (await Accounts.ChangeOwnPasswordAsync(me, "Initial-Password-1", "weak", "weak", CancellationToken.None)).Outcome);
        Assert.Equal(PasswordChangeOutcome.Refused, (await Accounts.ChangeOwnPasswordAsync(me, "Initial-Password-1", "Initial-Password-1", "Initial-Password-1", CancellationToken.None)).Outcome);
        var changed = await Accounts.ChangeOwnPasswordAsync(me, "Initial-Password-1", "New-Password-2", "New-Password-2", CancellationToken.None);

        Assert.Equal(PasswordChangeOutcome.Changed, changed.Outcome);
        Assert.NotNull(changed.User);
        Assert.True((await _host.CheckPasswordAsync("op@test.local", "New-Password-2")).Succeeded);
        Assert.False((await _host.CheckPasswordAsync("op@test.local", "Initial-Password-1")).Succeeded);
        Assert.False((await _host.PrincipalAsync(created.Id)).HasClaim(c => c.Type == PasswordChangeGate.ClaimType));
        Assert.False(await _host.WithIdentityAsync((users, _) => SessionValidator.IsCurrentAsync(users, me)));
    }

    [Fact]
    public async Task Changes_AreInTheSecurityActivity_NewestFirst()
    {
        var created = await Accounts.CreateAsync("op@test.local", Roles.Operator, null, _host.Admin, CancellationToken.None);
        await Accounts.SetRoleAsync(created.Id, Roles.Viewer, _host.Admin, CancellationToken.None);
        var reset = await Accounts.ResetPasswordAsync(created.Id, _host.Admin, CancellationToken.None);
        await Accounts.DisableAsync(created.Id, _host.Admin, CancellationToken.None);
        await Accounts.EnableAsync(created.Id, _host.Admin, CancellationToken.None);

        var entries = await Accounts.SecurityActivityAsync(10, _host.Admin, CancellationToken.None);

        Assert.Equal([AccountService.UserEnabled, AccountService.UserDisabled, AccountService.PasswordReset, AccountService.RoleChanged, AccountService.UserCreated],
            entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(AccountsTestHost.AdminEmail, e.User));
        Assert.Contains("op@test.local", entries[^1].Details);
        // The passwords themselves never go to the log.
        await using var db = _host.Db.CreateDbContext();
        var details = await db.Activity.Select(a => a.Details).ToListAsync();
        Assert.DoesNotContain(details, d => d.Contains(created.OneTimePassword!, StringComparison.Ordinal) || d.Contains(reset, StringComparison.Ordinal));
    }
}

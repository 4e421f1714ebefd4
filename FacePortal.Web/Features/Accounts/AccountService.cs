using System.Security.Claims;
using System.Security.Cryptography;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Accounts;

/// <summary>
/// People's accounts: admins create them, set roles, reset passwords, disable and enable them; everyone changes
/// their own password. Every change is in the activity log, and every change that takes rights away (role,
/// password, disable) gives the account a new security stamp, which ends its open sessions.
/// </summary>
/// <remarks>A fresh service scope per operation: a Blazor circuit lives long, Identity's stores hold a context.</remarks>
public sealed class AccountService(IServiceScopeFactory scopes, IDbContextFactory<PortalDbContext> databases, TimeProvider time)
{
    /// <summary>The activity-log actions of accounts, keys and sign-ins, for the admin page.</summary>
    public static readonly string[] SecurityActions =
    [
        SecurityActivity.SignIn, SecurityActivity.SignInFailed, SecurityActivity.LockedOut, SecurityActivity.SignOut, SecurityActivity.PasswordChanged,
        SecurityActivity.ApiKeyUsed, UserCreated, RoleChanged, PasswordReset, UserDisabled, UserEnabled, ApiKeyService.Created, ApiKeyService.Revoked,
    ];

    public const string UserCreated = "user-create";
    public const string RoleChanged = "user-role";
    public const string PasswordReset = "user-password-reset";
    public const string UserDisabled = "user-disable";
    public const string UserEnabled = "user-enable";

    public async Task<IReadOnlyList<AccountSummary>> ListAsync(ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        AdminCheck.Require(actor);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var flagged = await db.UserClaims.Where(c => c.ClaimType == PasswordChangeGate.ClaimType).Select(c => c.UserId).ToListAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return users.Select(u => new AccountSummary(u.Id, u.Email ?? u.UserName ?? u.Id,
                roles.FirstOrDefault(r => r.UserId == u.Id)?.Name ?? "",
                DisabledAccounts.IsDisabled(u),
                !DisabledAccounts.IsDisabled(u) && u.LockoutEnd > now ? u.LockoutEnd : null,
                flagged.Contains(u.Id)))
            .ToList();
    }

    /// <summary>A new account; without <paramref name="password"/> a one-time one is generated. Either way its owner changes it at the first sign-in.</summary>
    public async Task<CreatedAccount> CreateAsync(string? email, string? role, string? password, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var who = AdminCheck.Require(actor);
        email = (email ?? "").Trim();
        if (email.Length is 0 or > 256 || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsControl) || email.Any(char.IsWhiteSpace))
        {
            throw new AccountException("Give the account an email address.");
        }
        role = ValidRole(role);
        var generated = string.IsNullOrEmpty(password) ? OneTimePassword() : null;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new AccountException($"There is already an account for {email}.", conflict: true);
        }
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        Check(await users.CreateAsync(user, generated ?? password!));
        Check(await users.AddToRoleAsync(user, role));
        Check(await users.AddClaimAsync(user, new Claim(PasswordChangeGate.ClaimType, "true")));
        await RecordAsync(who, UserCreated, $"{email} as {role}{(generated is null ? "" : ", one-time password")}", cancellationToken);
        return new CreatedAccount(user.Id, email, role, generated);
    }

    public async Task SetRoleAsync(string userId, string? role, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var who = AdminCheck.Require(actor);
        role = ValidRole(role);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await FindAsync(users, userId);
        var current = await users.GetRolesAsync(user);
        if (current.Count == 1 && current[0] == role)
        {
            return;
        }
        if (current.Contains(Roles.Admin))
        {
            await KeepAnAdminAsync(users, user, "take the admin role from");
        }
        Check(await users.RemoveFromRolesAsync(user, current));
        Check(await users.AddToRoleAsync(user, role));
        // The role is in the cookie: the account signs in again to get the new one.
        Check(await users.UpdateSecurityStampAsync(user));
        await RecordAsync(who, RoleChanged, $"{user.Email}: {string.Join(",", current)} -> {role}", cancellationToken);
    }

    /// <summary>A new one-time password (returned, shown once); the account must change it at its next sign-in.</summary>
    public async Task<string> ResetPasswordAsync(string userId, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var who = AdminCheck.Require(actor);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await FindAsync(users, userId);
        var password = OneTimePassword();
        if (await users.HasPasswordAsync(user))
        {
            Check(await users.RemovePasswordAsync(user));
        }
        Check(await users.AddPasswordAsync(user, password));
        if (!(await users.GetClaimsAsync(user)).Any(c => c.Type == PasswordChangeGate.ClaimType))
        {
            Check(await users.AddClaimAsync(user, new Claim(PasswordChangeGate.ClaimType, "true")));
        }
        // A lockout after failed attempts ends with the reset; a disabled account stays disabled.
        Check(await users.ResetAccessFailedCountAsync(user));
        if (!DisabledAccounts.IsDisabled(user))
        {
            Check(await users.SetLockoutEndDateAsync(user, null));
        }
        await RecordAsync(who, PasswordReset, $"{user.Email}: one-time password", cancellationToken);
        return password;
    }

    /// <summary>Disabled: no sign-in, and its open sessions end at their next request.</summary>
    public async Task DisableAsync(string userId, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var who = AdminCheck.Require(actor);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await FindAsync(users, userId);
        if (DisabledAccounts.IsDisabled(user))
        {
            return;
        }
        if (string.Equals(user.Id, users.GetUserId(actor), StringComparison.Ordinal))
        {
            throw new AccountException("You cannot disable your own account.");
        }
        if (await users.IsInRoleAsync(user, Roles.Admin))
        {
            await KeepAnAdminAsync(users, user, "disable");
        }
        Check(await users.SetLockoutEnabledAsync(user, true));
        Check(await users.SetLockoutEndDateAsync(user, DisabledAccounts.LockedUntil));
        Check(await users.UpdateSecurityStampAsync(user));
        await RecordAsync(who, UserDisabled, user.Email ?? user.Id, cancellationToken);
    }

    public async Task EnableAsync(string userId, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var who = AdminCheck.Require(actor);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await FindAsync(users, userId);
        if (user.LockoutEnd is null)
        {
            return;
        }
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        await RecordAsync(who, UserEnabled, user.Email ?? user.Id, cancellationToken);
    }

    /// <summary>The signed-in person's own password; on success the account no longer has to change it.</summary>
    public async Task<PasswordChangeResult> ChangeOwnPasswordAsync(ClaimsPrincipal user, string? current, string? next, string? confirm, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.GetUserAsync(user) is not { } account)
        {
            throw new UnauthorizedAccessException("Sign in to change your password.");
        }
        if (string.IsNullOrEmpty(next) || next != confirm || next == current)
        {
            return new PasswordChangeResult(PasswordChangeOutcome.Refused, null);
        }
        // Counted like a failed sign-in, so this form cannot be used to guess the password either.
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<IdentityUser>>();
        if (!(await signIn.CheckPasswordSignInAsync(account, current ?? "", lockoutOnFailure: true)).Succeeded)
        {
            await RecordAsync(account.Email ?? account.Id, SecurityActivity.PasswordChanged, "refused: wrong current password", cancellationToken);
            return new PasswordChangeResult(PasswordChangeOutcome.WrongPassword, null);
        }
        var changed = await users.ChangePasswordAsync(account, current!, next);
        if (!changed.Succeeded)
        {
            return new PasswordChangeResult(PasswordChangeOutcome.Refused, null);
        }
        foreach (var claim in (await users.GetClaimsAsync(account)).Where(c => c.Type == PasswordChangeGate.ClaimType))
        {
            Check(await users.RemoveClaimAsync(account, claim));
        }
        await RecordAsync(account.Email ?? account.Id, SecurityActivity.PasswordChanged, "changed", cancellationToken);
        return new PasswordChangeResult(PasswordChangeOutcome.Changed, account);
    }

    /// <summary>The latest sign-ins, account and key changes, newest first.</summary>
    public async Task<IReadOnlyList<ActivityEntry>> SecurityActivityAsync(int take, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        AdminCheck.Require(actor);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Activity.AsNoTracking().Where(a => a.GalleryId == null && SecurityActions.Contains(a.Action))
            .OrderByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
    }

    private static string ValidRole(string? role) =>
        Roles.All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new AccountException($"The role must be one of {string.Join(", ", Roles.All)}.");

    private static async Task<IdentityUser> FindAsync(UserManager<IdentityUser> users, string userId) =>
        await users.FindByIdAsync(userId) ?? throw new AccountException($"There is no account {userId}.", notFound: true);

    /// <summary>There is always an enabled admin left: nobody could manage accounts otherwise.</summary>
    private static async Task KeepAnAdminAsync(UserManager<IdentityUser> users, IdentityUser leaving, string what)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        if (!admins.Any(a => a.Id != leaving.Id && !DisabledAccounts.IsDisabled(a)))
        {
            throw new AccountException($"Cannot {what} the last enabled admin.");
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new AccountException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    private async Task RecordAsync(string who, string action, string details, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        ActivityLog.Record(db, time.GetUtcNow(), who, null, action, details);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>16 random characters plus one of each class Identity's default rules ask for.</summary>
    internal static string OneTimePassword() =>
        "Fp-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('/', 'x').Replace('+', 'y') + "a9";
}

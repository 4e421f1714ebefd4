using System.Security.Claims;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Accounts;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Accounts;

/// <summary>
/// The account services over a real, migrated SQLite database, with Identity registered as the portal registers
/// it (roles created, one admin), but no web host.
/// </summary>
public sealed class AccountsTestHost : IAsyncDisposable
{
    public const string AdminEmail = "admin@test.local";
    public const string Password = "Some-Password-1";

    private readonly ServiceProvider _services;

    private AccountsTestHost(PortalTestDatabase db, ServiceProvider services)
    {
        Db = db;
        _services = services;
    }

    public PortalTestDatabase Db { get; }

    public AccountService Accounts => _services.GetRequiredService<AccountService>();

    public ApiKeyService Keys => _services.GetRequiredService<ApiKeyService>();

    public ClaimsPrincipal Admin { get; private set; } = new();

    public static async Task<AccountsTestHost> CreateAsync()
    {
        var db = await PortalTestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(db);
        services.AddScoped(_ => db.CreateDbContext());
        services.AddAuthentication();
        services.AddIdentityCore<IdentityUser>(o => o.Lockout.MaxFailedAccessAttempts = 10)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager();
        services.AddAccounts();
        var host = new AccountsTestHost(db, services.BuildServiceProvider());
        await using var scope = host._services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            await roles.CreateAsync(new IdentityRole(role));
        }
        host.Admin = await host.PrincipalAsync(await host.AddUserAsync(AdminEmail, Roles.Admin));
        return host;
    }

    /// <summary>An account made directly through Identity (as the seeder makes the admin); returns its id.</summary>
    public async Task<string> AddUserAsync(string email, string role)
    {
        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Id;
    }

    /// <summary>The principal the sign-in cookie would carry for the account now.</summary>
    public async Task<ClaimsPrincipal> PrincipalAsync(string userId)
    {
        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<IdentityUser>>();
        return await factory.CreateAsync((await users.FindByIdAsync(userId))!);
    }

    /// <summary>Runs <paramref name="use"/> with a fresh scope's UserManager and SignInManager.</summary>
    public async Task<T> WithIdentityAsync<T>(Func<UserManager<IdentityUser>, SignInManager<IdentityUser>, Task<T>> use)
    {
        await using var scope = _services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>(), scope.ServiceProvider.GetRequiredService<SignInManager<IdentityUser>>());
    }

    /// <summary>Whether the password signs in (as the sign-in form checks it, lockout included).</summary>
    public Task<SignInResult> CheckPasswordAsync(string email, string password) =>
        WithIdentityAsync(async (users, signIn) => await signIn.CheckPasswordSignInAsync((await users.FindByEmailAsync(email))!, password, lockoutOnFailure: false));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Db.DisposeAsync();
    }
}

using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Platform.Auth;

/// <summary>One hosted portal for the sign-in, session, cross-site and account tests; each test makes its own users.</summary>
public sealed class SecurityPortalFixture : IAsyncLifetime
{
    public const string Password = "Some-Password-1";

    public PortalFactory Factory { get; } = new();

    public PortalDbContext Db() => Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();

    /// <summary>A new account with <see cref="Password"/>, named after the test, ready to sign in (no password change due).</summary>
    public async Task<string> CreateUserAsync(string role, string? email = null)
    {
        email ??= $"{role}-{Guid.NewGuid():N}"[..20] + "@test.local";
        using var scope = Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return email;
    }

    public Task<CookieSession> SignInAsync(string email, string password = Password) => CookieSession.SignInAsync(Factory, email, password);

    public Task<CookieSession> SignInAdminAsync() => CookieSession.SignInAsync(Factory, PortalFactory.AdminEmail, PortalFactory.AdminPassword);

    public Task InitializeAsync()
    {
        // Starts the host (migrations, roles, the admin) before the first test.
        _ = Factory.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SecurityPortalCollection : ICollectionFixture<SecurityPortalFixture>
{
    public const string Name = "security portal";
}

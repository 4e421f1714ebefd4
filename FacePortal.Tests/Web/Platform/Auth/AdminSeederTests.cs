using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Platform.Auth;

public class AdminSeederTests
{
    [Fact]
    public async Task Seed_WithoutConfiguredPassword_TheAdminMustChangeTheOneTimePassword()
    {
        await using var factory = new PortalFactory();
        factory.Settings["FacePortal:Admin:Password"] = "";

        Assert.True(await MustChangeAsync(factory));
    }

    [Fact]
    public async Task Seed_WithConfiguredPassword_NoChangeAsked()
    {
        await using var factory = new PortalFactory();

        Assert.False(await MustChangeAsync(factory));
    }

    private static async Task<bool> MustChangeAsync(PortalFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var admin = await users.FindByEmailAsync(PortalFactory.AdminEmail);
        Assert.NotNull(admin);
        Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
        return (await users.GetClaimsAsync(admin)).Any(c => c.Type == PasswordChangeGate.ClaimType);
    }
}

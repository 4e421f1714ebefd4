using System.Security.Claims;
using System.Security.Cryptography;
using FacePortal.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Auth;

/// <summary>
/// First start: migrates the database, creates the roles and, when there is no user yet, the admin from
/// "FacePortal:Admin" (or with a one-time password written to the log, to be changed at the first sign-in).
/// </summary>
public sealed class AdminSeeder(IServiceProvider services, IOptions<AdminOptions> options, ILogger<AdminSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.MigratePortalDatabaseAsync(cancellationToken);
        using var scope = services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (users.Users.Any())
        {
            return;
        }
        var admin = options.Value;
        var password = string.IsNullOrEmpty(admin.Password) ? OneTimePassword() : admin.Password;
        var user = new IdentityUser { UserName = admin.Email, Email = admin.Email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Could not create the admin account: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, Roles.Admin);
        if (string.IsNullOrEmpty(admin.Password))
        {
            // A password from the log is no secret: it must be replaced at the first sign-in.
            await users.AddClaimAsync(user, new Claim(PasswordChangeGate.ClaimType, "true"));
            logger.LogWarning("Created the admin account {Email} with the one-time password {Password} - sign in and change it, or set FacePortal:Admin:Password.", admin.Email, password);
        }
        else
        {
            logger.LogInformation("Created the admin account {Email} from configuration", admin.Email);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string OneTimePassword() =>
        "Fp-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('/', 'x').Replace('+', 'y') + "9";
}

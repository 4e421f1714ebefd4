using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace FacePortal.Web.Platform.Auth;

/// <summary>
/// Checks a sign-in cookie against the database on every request: the account must still exist, not be
/// disabled, and have the security stamp the cookie was issued with. Signing out, a password change or reset
/// and a role change all change the stamp, so a cookie copied before them is refused after.
/// </summary>
public static class SessionValidator
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<IdentityUser>>();
        if (!await IsCurrentAsync(users, context.Principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>Whether <paramref name="principal"/> (built from a cookie) still stands for a live session.</summary>
    public static async Task<bool> IsCurrentAsync(UserManager<IdentityUser> users, ClaimsPrincipal? principal)
    {
        if (principal is null || await users.GetUserAsync(principal) is not { } user || DisabledAccounts.IsDisabled(user))
        {
            return false;
        }
        var stamp = principal.FindFirstValue(users.Options.ClaimsIdentity.SecurityStampClaimType);
        return stamp is not null && string.Equals(stamp, await users.GetSecurityStampAsync(user), StringComparison.Ordinal);
    }
}

using System.Security.Claims;
using FacePortal.Web.Platform.Auth;

namespace FacePortal.Web.Features.Accounts;

/// <summary>Accounts and keys are for admins only: the services check, not just the pages.</summary>
internal static class AdminCheck
{
    /// <summary>The admin's name for the activity log; throws for anyone else.</summary>
    public static string Require(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || !user.IsInRole(Roles.Admin))
        {
            throw new UnauthorizedAccessException("Only admins can manage accounts and API keys.");
        }
        return user.Identity.Name ?? "unknown";
    }
}

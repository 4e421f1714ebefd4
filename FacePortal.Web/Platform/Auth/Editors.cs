using System.Security.Claims;

namespace FacePortal.Web.Platform.Auth;

/// <summary>
/// Who may change data: admins and operators (viewers only look). Every service that changes data calls
/// <see cref="Require"/> first, so the rule holds whether the change comes from a page, the REST API or a test.
/// </summary>
public static class Editors
{
    public static bool CanEdit(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Operator);

    /// <summary>The user's name for the activity list; throws when the user may not change data.</summary>
    public static string Require(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || !CanEdit(user))
        {
            throw new UnauthorizedAccessException("Only admins and operators can change data.");
        }
        return user.Identity.Name ?? "unknown";
    }
}

using System.Security.Claims;
using FacePortal.Web.Platform.Auth;

namespace FacePortal.Tests.TestSupport;

/// <summary>Signed-in principals as the cookie handler builds them.</summary>
public static class TestUsers
{
    public static ClaimsPrincipal Operator { get; } = User("op@test.local", Roles.Operator);

    public static ClaimsPrincipal Viewer { get; } = User("viewer@test.local", Roles.Viewer);

    public static ClaimsPrincipal User(string name, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "test"));
}

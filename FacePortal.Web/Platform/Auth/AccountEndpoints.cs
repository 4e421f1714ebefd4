using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace FacePortal.Web.Platform.Auth;

public static class AccountEndpoints
{
    /// <summary>Form posts from the sign-in page (static rendering: a cookie can only be set outside a circuit).</summary>
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/login", async ([FromForm] string email, [FromForm] string password, [FromForm] string? returnUrl,
            SignInManager<IdentityUser> signIn) =>
        {
            var result = await signIn.PasswordSignInAsync(email, password, isPersistent: true, lockoutOnFailure: true);
            var target = IsLocal(returnUrl) ? returnUrl! : "/";
            return result.Succeeded
                ? Results.LocalRedirect(target)
                : Results.LocalRedirect($"/account/login?error={(result.IsLockedOut ? "locked" : "invalid")}&returnUrl={Uri.EscapeDataString(target)}");
        }).AllowAnonymous();

        endpoints.MapPost("/account/logout", async (SignInManager<IdentityUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        });
        return endpoints;
    }

    private static bool IsLocal(string? url) => !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}

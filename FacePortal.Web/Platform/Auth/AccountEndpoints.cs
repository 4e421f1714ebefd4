using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace FacePortal.Web.Platform.Auth;

public static class AccountEndpoints
{
    /// <summary>Form posts from the sign-in page and the sign-out button (static rendering: a cookie can only be set outside a circuit).</summary>
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/login", async ([FromForm] string email, [FromForm] string password, [FromForm] string? returnUrl,
            SignInManager<IdentityUser> signIn, SecurityActivity activity, CancellationToken cancellationToken) =>
        {
            var result = await signIn.PasswordSignInAsync(email, password, isPersistent: true, lockoutOnFailure: true);
            var target = IsLocal(returnUrl) ? returnUrl! : "/";
            if (result.Succeeded)
            {
                await activity.RecordAsync(email, SecurityActivity.SignIn, "signed in", cancellationToken);
                return Results.LocalRedirect(target);
            }
            var error = "invalid";
            if (result.IsLockedOut)
            {
                var disabled = await signIn.UserManager.FindByNameAsync(email) is { } user && DisabledAccounts.IsDisabled(user);
                error = disabled ? "disabled" : "locked";
                await activity.RecordAsync(email, SecurityActivity.LockedOut, disabled ? "sign-in refused: the account is disabled" : "sign-in refused: locked out after failed attempts", cancellationToken);
            }
            else
            {
                await activity.RecordAsync(email, SecurityActivity.SignInFailed, "wrong email or password", cancellationToken);
            }
            return Results.LocalRedirect($"/account/login?error={error}&returnUrl={Uri.EscapeDataString(target)}");
        }).AllowAnonymous();

        // The form carries an antiforgery token; the endpoint reads no form field, so the check is made here.
        endpoints.MapPost("/account/logout", async (HttpContext http, SignInManager<IdentityUser> signIn, SecurityActivity activity, CancellationToken cancellationToken) =>
        {
            if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                return Results.BadRequest();
            }
            // A new security stamp ends this session everywhere, also in a copy of the cookie (SessionValidator).
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
                await activity.RecordAsync(user.UserName ?? user.Id, SecurityActivity.SignOut, "signed out", cancellationToken);
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return endpoints;
    }

    /// <summary>
    /// The same rule as <see cref="Results.LocalRedirect"/> (which throws on anything else): one leading slash, not
    /// "//" or "/\", and no control character anywhere.
    /// </summary>
    internal static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}

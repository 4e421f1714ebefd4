using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace FacePortal.Web.Features.Accounts;

/// <summary>
/// The password form's post (/account/password), and the admin API: /api/users and /api/apikeys (role admin;
/// API keys never are, so only a signed-in admin may call them).
/// </summary>
public static class AccountsEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(PasswordChangeGate.PagePath, ChangePasswordAsync);

        var users = endpoints.MapGroup("/api/users").RequireAuthorization(Roles.IsAdmin);
        users.MapGet("", (HttpContext http, AccountService accounts, CancellationToken ct) => Answer(async () => Results.Ok(await accounts.ListAsync(http.User, ct))));
        users.MapPost("", (HttpContext http, AccountService accounts, CancellationToken ct) => WithBody<CreateAccountRequest>(http, async r =>
        {
            var created = await accounts.CreateAsync(r.Email, r.Role, r.Password, http.User, ct);
            return Results.Created($"/api/users/{created.Id}", created);
        }, ct));
        users.MapPut("/{id}/role", (string id, HttpContext http, AccountService accounts, CancellationToken ct) => WithBody<SetRoleRequest>(http, async r =>
        {
            await accounts.SetRoleAsync(id, r.Role, http.User, ct);
            return Results.NoContent();
        }, ct));
        users.MapPost("/{id}/password-reset", (string id, HttpContext http, AccountService accounts, CancellationToken ct) =>
            Answer(async () => Results.Ok(new { oneTimePassword = await accounts.ResetPasswordAsync(id, http.User, ct) })));
        users.MapPost("/{id}/disable", (string id, HttpContext http, AccountService accounts, CancellationToken ct) =>
            Answer(async () => { await accounts.DisableAsync(id, http.User, ct); return Results.NoContent(); }));
        users.MapPost("/{id}/enable", (string id, HttpContext http, AccountService accounts, CancellationToken ct) =>
            Answer(async () => { await accounts.EnableAsync(id, http.User, ct); return Results.NoContent(); }));

        var keys = endpoints.MapGroup("/api/apikeys").RequireAuthorization(Roles.IsAdmin);
        keys.MapGet("", (HttpContext http, ApiKeyService service, CancellationToken ct) => Answer(async () => Results.Ok(await service.ListAsync(http.User, ct))));
        keys.MapPost("", (HttpContext http, ApiKeyService service, CancellationToken ct) => WithBody<CreateApiKeyRequest>(http, async r =>
        {
            var created = await service.CreateAsync(r.Name, r.Role, r.ExpiresAt, http.User, ct);
            return Results.Created($"/api/apikeys/{created.Id}", created);
        }, ct));
        keys.MapDelete("/{id:int}", (int id, HttpContext http, ApiKeyService service, CancellationToken ct) =>
            Answer(async () => { await service.RevokeAsync(id, http.User, ct); return Results.NoContent(); }));
        return endpoints;
    }

    /// <summary>
    /// From /account/password: changes the password and signs in again with the new security stamp (the old
    /// cookie is refused from now on); errors go back to the form as a code.
    /// </summary>
    private static async Task<IResult> ChangePasswordAsync([FromForm] string? currentPassword, [FromForm] string? newPassword, [FromForm] string? confirmPassword,
        [FromForm] string? returnUrl, HttpContext http, AccountService accounts, SignInManager<IdentityUser> signIn, CancellationToken cancellationToken)
    {
        var target = AccountEndpoints.IsLocal(returnUrl) && !returnUrl!.StartsWith(PasswordChangeGate.PagePath, StringComparison.OrdinalIgnoreCase) ? returnUrl : "/";
        var result = await accounts.ChangeOwnPasswordAsync(http.User, currentPassword, newPassword, confirmPassword, cancellationToken);
        if (result.Outcome != PasswordChangeOutcome.Changed)
        {
            var error = result.Outcome == PasswordChangeOutcome.WrongPassword ? "current" : "refused";
            return Results.LocalRedirect($"{PasswordChangeGate.PagePath}?error={error}&returnUrl={Uri.EscapeDataString(target)}");
        }
        await signIn.SignInAsync(result.User!, isPersistent: true);
        return Results.LocalRedirect(target);
    }

    private static async Task<IResult> WithBody<T>(HttpContext http, Func<T, Task<IResult>> answer, CancellationToken cancellationToken)
        where T : class
    {
        var (body, problem) = await ApiProblems.ReadJsonAsync<T>(http.Request, cancellationToken);
        return problem ?? await Answer(() => answer(body!));
    }

    private static async Task<IResult> Answer(Func<Task<IResult>> answer)
    {
        try
        {
            return await answer();
        }
        catch (AccountException e)
        {
            return e.NotFound ? ApiProblems.NotFound(e.Message) : e.Conflict ? ApiProblems.Conflict(e.Message) : ApiProblems.BadRequest(e.Message);
        }
    }
}

namespace FacePortal.Web.Platform.Auth;

/// <summary>
/// An account given a password by someone else (the seeded admin's one-time password, an admin's reset) carries
/// the <see cref="ClaimType"/> claim until its owner picks a password: until then every page leads to
/// /account/password and the API answers 403.
/// </summary>
public sealed class PasswordChangeGate(RequestDelegate next)
{
    public const string ClaimType = "faceportal:password-change";
    public const string PagePath = "/account/password";

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.User.HasClaim(c => c.Type == ClaimType) || IsAllowed(context.Request.Path))
        {
            return next(context);
        }
        if (!context.Request.Path.StartsWithSegments("/api") && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            context.Response.Redirect(PagePath + "?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
            return Task.CompletedTask;
        }
        return Results.Problem(detail: "Change your password first (" + PagePath + ").", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
    }

    // The account pages themselves, and what they load.
    private static bool IsAllowed(PathString path) =>
        path.StartsWithSegments("/account") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || path.StartsWithSegments("/css")
        || path.StartsWithSegments("/health") || path.StartsWithSegments("/error");
}

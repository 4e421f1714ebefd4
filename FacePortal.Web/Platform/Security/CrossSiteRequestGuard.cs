using FacePortal.Web.Platform.Auth;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Security;

/// <summary>
/// Refuses changes that ride on the sign-in cookie from another site: a POST, PUT, PATCH or DELETE that carries
/// the cookie must come from the portal's own origin, by its Origin header (or, without one, its Referer).
/// Browsers send Origin on every such request, so one with neither comes from a program, which should use an
/// API key. Requests with X-Api-Key are exempt: they authenticate by the header alone, which another site's page
/// cannot add (no CORS).
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next, IOptionsMonitor<CookieAuthenticationOptions> cookies, IOptions<SecurityOptions> options,
    ILogger<CrossSiteRequestGuard> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsSafe(request.Method) || request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) || !HasSignInCookie(request) || IsSameOrigin(request, options.Value.AllowedOrigins))
        {
            return next(context);
        }
        logger.LogWarning("Refused a cross-site {Method} {Path} (Origin {Origin}, Referer {Referer})", request.Method, request.Path,
            request.Headers.Origin.ToString(), request.Headers.Referer.ToString());
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden,
            detail: "A change made with the sign-in cookie must come from the portal's own pages (Origin header); API clients send X-Api-Key.")
            .ExecuteAsync(context);
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private bool HasSignInCookie(HttpRequest request) =>
        cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name is { } name && request.Cookies.ContainsKey(name);

    /// <summary>Whether the request's Origin (or Referer) is the portal itself or one of <paramref name="allowed"/>.</summary>
    internal static bool IsSameOrigin(HttpRequest request, IReadOnlyCollection<string> allowed)
    {
        var source = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(source))
        {
            source = request.Headers.Referer.ToString();
        }
        // "null" (an opaque origin: sandboxed frame, data: URL) is no URL and never matches.
        if (!Uri.TryCreate(source, UriKind.Absolute, out var from) || !request.Host.HasValue)
        {
            return false;
        }
        return Uri.TryCreate($"{request.Scheme}://{request.Host}", UriKind.Absolute, out var own) && SameOrigin(from, own)
            || allowed.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var other) && SameOrigin(from, other));
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}

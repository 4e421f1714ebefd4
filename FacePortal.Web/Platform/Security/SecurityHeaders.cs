namespace FacePortal.Web.Platform.Security;

/// <summary>
/// Headers on every response (set as it starts, so error pages get them too). The Content-Security-Policy allows
/// only the portal's own scripts (Blazor, MudBlazor, Plotly: all served from _framework and _content), inline
/// styles (MudBlazor's theme and both libraries' style attributes), images from the portal or data:/blob: URLs
/// (previews of chosen files), and the circuit's websocket back to the same host; no framing by other sites.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(http.Request.Host);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    public static string ContentSecurityPolicy(HostString host)
    {
        // 'self' covers the websocket in current browsers; the explicit ws/wss sources are for older ones.
        var socket = host.HasValue ? $" ws://{host} wss://{host}" : "";
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            + $"connect-src 'self'{socket}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }
}

using System.Globalization;

namespace FacePortal.Web.Platform.Api;

/// <summary>A result with a <c>Retry-After</c> header (whole seconds, at least 1): a 503 that says when to come back.</summary>
public sealed class RetryAfterResult(IResult inner, TimeSpan retryAfter) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}

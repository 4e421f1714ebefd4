using System.Text.Json;

namespace FacePortal.Web.Platform.Api;

/// <summary>
/// Request binding failures of the minimal endpoints (a JSON body that does not fit, a missing form field) as problem
/// details naming the field, instead of a bare 400. Needs <c>RouteHandlerOptions.ThrowOnBadRequest</c>.
/// </summary>
public sealed class BadRequestProblems(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await ApiProblems.Status(e.StatusCode, Describe(e)).ExecuteAsync(context);
        }
    }

    private static string Describe(BadHttpRequestException e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                return ApiProblems.Describe(json);
            }
        }
        return e.Message;
    }
}

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
                var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : json.Path;
                return field is { Length: > 0 } and not "$"
                    ? $"'{field}': {FirstSentence(json.Message)}"
                    : "The body is not valid JSON for this request: " + FirstSentence(json.Message);
            }
        }
        return e.Message;
    }

    // The serializer appends "Path: ... | LineNumber: ..." to its own messages; the field is named already.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

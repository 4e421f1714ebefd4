using System.Text.Json;

namespace FacePortal.Web.Platform.Api;

/// <summary>Problem-details answers (RFC 7807) and JSON bodies read without ever turning bad input into a 500.</summary>
public static class ApiProblems
{
    public static IResult Status(int status, string detail) => Results.Problem(detail: detail, statusCode: status);

    /// <summary>A problem with its own title instead of the status's standard phrase.</summary>
    public static IResult Status(int status, string? detail, string title) => Results.Problem(detail: detail, statusCode: status, title: title);

    public static IResult BadRequest(string detail) => Status(StatusCodes.Status400BadRequest, detail);

    public static IResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, detail);

    public static IResult Conflict(string detail) => Status(StatusCodes.Status409Conflict, detail);

    public static IResult UnsupportedMediaType(string detail) => Status(StatusCodes.Status415UnsupportedMediaType, detail);

    public static IResult TooLarge(string detail) => Status(StatusCodes.Status413PayloadTooLarge, detail);

    /// <summary>
    /// An optional JSON body: as <see cref="ReadJsonAsync{T}"/> when the request has one, else <paramref name="none"/>;
    /// with a problem the value is <paramref name="none"/> too, so callers never see null.
    /// </summary>
    public static async Task<(T Value, IResult? Problem)> ReadOptionalJsonAsync<T>(HttpRequest request, T none, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength is not > 0 && request.Headers.TransferEncoding.Count == 0)
        {
            return (none, null);
        }
        var (value, problem) = await ReadJsonAsync<T>(request, cancellationToken);
        return (value ?? none, problem);
    }

    /// <summary>The JSON body as <typeparamref name="T"/>, or the problem to answer (415 not JSON, 400 malformed).</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, UnsupportedMediaType("Send a JSON body (Content-Type: application/json)."));
        }
        try
        {
            var value = await request.ReadFromJsonAsync<T>(cancellationToken);
            return value is null ? (null, BadRequest("The JSON body is empty.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, BadRequest(Describe(e)));
        }
        catch (BadHttpRequestException e)
        {
            return (null, Status(e.StatusCode, e.Message));
        }
    }

    /// <summary>A JSON body that does not fit its request, naming the field where the serializer knows it.</summary>
    public static string Describe(JsonException json)
    {
        // The serializer appends "Path: ... | LineNumber: ..." to its own messages; the field is named here instead.
        var message = json.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        return field is not null ? $"'{field}': {message}" : "The body is not valid JSON for this request: " + message;
    }
}

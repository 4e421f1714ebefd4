using FacePortal.Engine.Imaging;
using FacePortal.Web.Identification;

namespace FacePortal.Web.Verification;

/// <summary>Bad input as RFC 7807 problem details with the status it deserves (never a 500).</summary>
public static class ApiProblems
{
    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static IResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Too large", detail);

    public static IResult UnsupportedMediaType(string detail) => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported format", detail);

    /// <summary>The problem for an exception the services throw on bad input; null for anything else (a real fault).</summary>
    public static IResult? For(Exception exception) => exception switch
    {
        ImageDecodeException e => e.Reason switch
        {
            ImageDecodeFailure.UnsupportedFormat => UnsupportedMediaType(e.Message),
            ImageDecodeFailure.FileTooLarge or ImageDecodeFailure.TooManyPixels or ImageDecodeFailure.MemoryLimitExceeded => TooLarge(e.Message),
            _ => Problem(StatusCodes.Status400BadRequest, "Unreadable image", e.Message),
        },
        NoFaceException e => Problem(StatusCodes.Status422UnprocessableEntity, "No face", e.Message),
        GalleryNotFoundException e => Problem(StatusCodes.Status404NotFound, "Unknown gallery", e.Message),
        GalleryImageNotFoundException e => Problem(StatusCodes.Status404NotFound, "Unknown image", e.Message),
        _ => null,
    };

    private static IResult Problem(int status, string title, string detail) => Results.Problem(detail: detail, statusCode: status, title: title);
}

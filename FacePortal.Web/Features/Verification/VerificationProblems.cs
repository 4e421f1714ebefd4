using FacePortal.Engine.Imaging;
using FacePortal.Web.Features.Identification;
using FacePortal.Web.Platform.Api;

namespace FacePortal.Web.Features.Verification;

/// <summary>The verification services' bad-input exceptions as the problem each deserves (never a 500).</summary>
public static class VerificationProblems
{
    /// <summary>The problem for an exception the services throw on bad input; null for anything else (a real fault).</summary>
    public static IResult? For(Exception exception) => exception switch
    {
        ImageDecodeException e => e.Reason switch
        {
            ImageDecodeFailure.UnsupportedFormat => ApiProblems.UnsupportedMediaType(e.Message),
            ImageDecodeFailure.FileTooLarge or ImageDecodeFailure.TooManyPixels or ImageDecodeFailure.MemoryLimitExceeded => ApiProblems.TooLarge(e.Message),
            _ => ApiProblems.BadRequest(e.Message),
        },
        NoFaceException e => ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, e.Message),
        GalleryNotFoundException e => ApiProblems.NotFound(e.Message),
        GalleryImageNotFoundException e => ApiProblems.NotFound(e.Message),
        _ => null,
    };
}

using FacePortal.Engine.Embedding;
using FacePortal.Engine.Imaging;
using FacePortal.Web.Platform.Api;

namespace FacePortal.Web.Platform.Analysis;

/// <summary>The face APIs' common bad-input exceptions as the problem each deserves (never a 500).</summary>
public static class AnalysisProblems
{
    /// <summary>The problem for an undecodable image, one without a usable face, an unknown model or a full memory budget; null for anything else.</summary>
    public static IResult? For(Exception exception) => exception switch
    {
        ImageDecodeException e => e.Reason switch
        {
            ImageDecodeFailure.UnsupportedFormat => ApiProblems.UnsupportedMediaType(e.Message),
            ImageDecodeFailure.FileTooLarge or ImageDecodeFailure.TooManyPixels or ImageDecodeFailure.MemoryLimitExceeded => ApiProblems.TooLarge(e.Message),
            _ => ApiProblems.BadRequest(e.Message),
        },
        NoFaceException e => ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, e.Message),
        UnknownModelException e => ApiProblems.BadRequest(e.Message),
        AnalysisBusyException e => new RetryAfterResult(ApiProblems.Status(StatusCodes.Status503ServiceUnavailable, e.Message), e.RetryAfter),
        _ => null,
    };

    /// <summary>Runs a face API handler: the problems above, or <paramref name="more"/>'s, become their status; anything else propagates.</summary>
    public static async Task<IResult> RunAsync(Func<Task<IResult>> action, Func<Exception, IResult?>? more = null)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when ((For(e) ?? more?.Invoke(e)) is not null)
        {
            return (For(e) ?? more!(e))!;
        }
    }
}

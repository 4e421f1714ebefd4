using FacePortal.Engine;
using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.Search;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Identification;

/// <summary>
/// POST /api/identify (sign-in cookie or X-Api-Key, like the rest of /api). Bad input is answered with problem
/// details: 400 unreadable, 413 too large, 415 unsupported format, 422 no face, 404 unknown gallery; 503 while the
/// engine cannot run.
/// </summary>
public static class IdentificationEndpoints
{
    public static IEndpointRouteBuilder MapIdentificationApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Verification and identification").DisableAntiforgery()
            .AddEndpointFilter<EngineRequiredFilter>();
        api.MapPost("/identify", IdentifyAsync)
            .WithName("Identify")
            .WithSummary("1:N: multipart 'image', 'gallery' (id), optional 'k' (1..100), 'scoring' (bestImage|centroid), 'threshold'.");
        return endpoints;
    }

    private static async Task<IResult> IdentifyAsync(HttpRequest request, IdentificationService service, IOptions<FaceEngineOptions> options, CancellationToken ct)
    {
        var max = options.Value.Decoder.MaxFileBytes;
        var (form, problem) = await ApiForm.ReadAsync(request, max, 1, ct);
        if (form is null)
        {
            return problem!;
        }
        if (!form.TryInt("gallery", 1, int.MaxValue, out var gallery, out problem) || !form.TryInt("k", 1, IdentifyOptions.MaxK, out var k, out problem)
            || !form.TryThreshold(out var threshold, out problem))
        {
            return problem!;
        }
        if (gallery is null)
        {
            return ApiProblems.BadRequest("The form needs 'gallery' (a gallery id).");
        }
        var scoring = IdentityScoring.BestImage;
        // By name only: Enum.TryParse alone also takes "99" (an undefined value) or "1".
        if (form.Text("scoring") is { } s && !(Enum.TryParse(s, ignoreCase: true, out scoring) && Enum.IsDefined(scoring) && !s.Trim().All(char.IsAsciiDigit)))
        {
            return ApiProblems.BadRequest("'scoring' must be 'bestImage' or 'centroid'.");
        }
        var (image, problemImage) = await form.FileAsync("image", max, ct);
        if (image is null)
        {
            return problemImage!;
        }
        return await AnalysisProblems.RunAsync(async () => Results.Ok(IdentificationJson.Identify(await service.IdentifyAsync(image, gallery.Value,
            new IdentifyOptions { K = k ?? 5, Scoring = scoring, Threshold = threshold }, ct))), Problem);
    }

    private static IResult? Problem(Exception exception) =>
        exception is GalleryNotFoundException e ? ApiProblems.NotFound(e.Message) : null;
}

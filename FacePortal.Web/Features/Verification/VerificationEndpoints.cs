using FacePortal.Engine;
using FacePortal.Engine.Search;
using FacePortal.Web.Features.Identification;
using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.EngineHost;

namespace FacePortal.Web.Features.Verification;

/// <summary>
/// POST /api/verify, /api/identify and /api/embed (sign-in cookie or X-Api-Key, like the rest of /api). Bad input
/// is answered with problem details: 400 unreadable, 413 too large, 415 unsupported format, 422 no face, 404 unknown
/// gallery; 503 while the engine cannot run.
/// </summary>
public static class VerificationEndpoints
{
    public static IEndpointRouteBuilder MapVerificationApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Verification and identification").DisableAntiforgery()
            // All three need the engine: answer 503 up front when it could not start.
            .AddEndpointFilter(async (context, next) =>
                Unavailable(context.HttpContext.RequestServices.GetRequiredService<FaceEngineHost>()) ?? await next(context));
        api.MapPost("/verify", VerifyAsync)
            .WithName("Verify")
            .WithSummary("1:1: multipart images 'a' and 'b' (optional 'threshold', 'faceA', 'faceB'): distance, similarity and verdict.");
        api.MapPost("/identify", IdentifyAsync)
            .WithName("Identify")
            .WithSummary("1:N: multipart 'image', 'gallery' (id), optional 'k' (1..100), 'scoring' (bestImage|centroid), 'threshold'.");
        api.MapPost("/embed", EmbedAsync)
            .WithName("Embed")
            .WithSummary("Every face of multipart 'image': box, score, 68 landmarks, descriptor.");
        return endpoints;
    }

    private static async Task<IResult> VerifyAsync(HttpRequest request, VerificationService service, FaceEngineOptions options, CancellationToken ct)
    {
        var max = options.Decoder.MaxFileBytes;
        var (form, problem) = await ApiForm.ReadAsync(request, max, 2, ct);
        if (form is null)
        {
            return problem!;
        }
        var (a, problemA) = await form.FileAsync("a", max, ct);
        if (a is null)
        {
            return problemA!;
        }
        var (b, problemB) = await form.FileAsync("b", max, ct);
        if (b is null)
        {
            return problemB!;
        }
        if (!form.TryThreshold(out var threshold, out problem) || !form.TryInt("faceA", 0, 10_000, out var faceA, out problem)
            || !form.TryInt("faceB", 0, 10_000, out var faceB, out problem))
        {
            return problem!;
        }
        return await Run(async () => Results.Ok(ApiJson.Verify(await service.VerifyAsync(a, b,
            new VerifyOptions { Threshold = threshold, FaceA = faceA, FaceB = faceB }, ct))));
    }

    private static async Task<IResult> IdentifyAsync(HttpRequest request, IdentificationService service, FaceEngineOptions options, CancellationToken ct)
    {
        var max = options.Decoder.MaxFileBytes;
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
        if (form.Text("scoring") is { } s && !Enum.TryParse(s, ignoreCase: true, out scoring))
        {
            return ApiProblems.BadRequest("'scoring' must be 'bestImage' or 'centroid'.");
        }
        var (image, problemImage) = await form.FileAsync("image", max, ct);
        if (image is null)
        {
            return problemImage!;
        }
        return await Run(async () => Results.Ok(ApiJson.Identify(await service.IdentifyAsync(image, gallery.Value,
            new IdentifyOptions { K = k ?? 5, Scoring = scoring, Threshold = threshold }, ct))));
    }

    private static async Task<IResult> EmbedAsync(HttpRequest request, VerificationService service, FaceEngineOptions options, CancellationToken ct)
    {
        var max = options.Decoder.MaxFileBytes;
        var (form, problem) = await ApiForm.ReadAsync(request, max, 1, ct);
        if (form is null)
        {
            return problem!;
        }
        var (image, problemImage) = await form.FileAsync("image", max, ct);
        if (image is null)
        {
            return problemImage!;
        }
        return await Run(async () => Results.Ok(ApiJson.Embed(await service.EmbedAsync(image, ct))));
    }

    private static IResult? Unavailable(FaceEngineHost host) => host.State == EngineState.Failed
        ? Results.Problem(detail: host.Error, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The face engine is not running")
        : null;

    // The services' bad-input exceptions become their status; anything else is a real fault and propagates.
    private static async Task<IResult> Run(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (VerificationProblems.For(e) is not null)
        {
            return VerificationProblems.For(e)!;
        }
    }
}

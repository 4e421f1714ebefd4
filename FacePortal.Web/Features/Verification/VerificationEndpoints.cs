using FacePortal.Engine;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Api;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Verification;

/// <summary>
/// POST /api/verify and /api/embed (sign-in cookie or X-Api-Key, like the rest of /api). Bad input is answered with
/// problem details: 400 unreadable, 413 too large, 415 unsupported format, 422 no face, 404 unknown gallery image;
/// 503 while the engine cannot run.
/// </summary>
public static class VerificationEndpoints
{
    public static IEndpointRouteBuilder MapVerificationApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Verification and identification").DisableAntiforgery()
            .AddEndpointFilter<EngineRequiredFilter>();
        api.MapPost("/verify", VerifyAsync)
            .WithName("Verify")
            .WithSummary("1:1: multipart images 'a' and 'b' (optional 'threshold', 'faceA', 'faceB', 'model', or 'gallery' for that gallery's model): distance, similarity and verdict.")
            .WithDescription("'calibration' reads the score on the model's reference evaluation: FMR and FNMR at the score with 95% subject-level bootstrap intervals, "
                + "the share of mated and non-mated reference scores below it, and the operating point in use with its FMR and FNMR; "
                + "'available' is false (and 'note' says why) when the model has no completed evaluation with intervals.")
            .Produces<VerifyAnswer>(StatusCodes.Status200OK);
        api.MapPost("/embed", EmbedAsync)
            .WithName("Embed")
            .WithSummary("Every face of multipart 'image': box, score, 68 landmarks, descriptor.");
        return endpoints;
    }

    private static async Task<IResult> VerifyAsync(
        HttpRequest request, VerificationService service, ScoreCalibrationService calibration, IOptions<FaceEngineOptions> options, CancellationToken ct)
    {
        var max = options.Value.Decoder.MaxFileBytes;
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
            || !form.TryInt("faceB", 0, 10_000, out var faceB, out problem) || !form.TryInt("gallery", 1, int.MaxValue, out var gallery, out problem))
        {
            return problem!;
        }
        return await AnalysisProblems.RunAsync(async () =>
        {
            var result = await service.VerifyAsync(a, b, new VerifyOptions { Threshold = threshold, FaceA = faceA, FaceB = faceB, Model = form.Text("model"), GalleryId = gallery }, ct);
            return Results.Ok(VerificationJson.Verify(result, await calibration.CalibrateAsync(result.Model, result.Metric, result.Distance, result.Threshold,
                await calibration.ThresholdSourceAsync(result.Model, result.Metric, threshold is not null, ct), ct)));
        }, Problem);
    }

    private static async Task<IResult> EmbedAsync(HttpRequest request, VerificationService service, IOptions<FaceEngineOptions> options, CancellationToken ct)
    {
        var max = options.Value.Decoder.MaxFileBytes;
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
        return await AnalysisProblems.RunAsync(async () => Results.Ok(VerificationJson.Embed(await service.EmbedAsync(image, ct))), Problem);
    }

    private static IResult? Problem(Exception exception) =>
        exception is GalleryImageNotFoundException e ? ApiProblems.NotFound(e.Message) : null;
}

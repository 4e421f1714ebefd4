using System.Globalization;
using FacePortal.Engine;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Search;
using FacePortal.Web.Features.Evaluations;
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
            .WithSummary("1:N: multipart 'image', 'gallery' (id), optional 'k' (1..100), 'scoring' (bestImage|centroid), 'threshold', 'model' (default: the gallery's).")
            .WithDescription("'calibration' (the ScoreCalibration schema, as in /api/verify) reads the best candidate's score on the model's reference evaluation: "
                + "FMR and FNMR per comparison with 95% intervals, where the score falls among mated and non-mated scores, the operating point in use; "
                + "'available' is false when there is no reference evaluation.")
            .Produces<IdentifyAnswer>(StatusCodes.Status200OK);
        api.MapGet("/galleries/{id:int}/identification-evaluation", EvaluateAsync)
            .WithName("EvaluateIdentification")
            .WithSummary("1:N evaluation of a gallery: optional 'scoring' (bestImage|centroid), 'k' (1..100), 'seed', 'targetFpir' (repeatable, 0..1), 'model' (default: the gallery's).")
            .WithDescription("Rank-1, rank-k, CMC and DIR at FAR over a seeded probe/gallery split; 'openSetBySize' gives, at 10/25/50/100% of the identities, "
                + "FNIR at rank 1 and FPIR at the threshold for FPIR 0.003 and each 'targetFpir', the investigation mode's miss rate (k candidates), "
                + "and the FPIR predicted for larger galleries from the measured FMR.");
        return endpoints;
    }

    private static async Task<IResult> EvaluateAsync(int id, HttpRequest request, IdentificationService service, CancellationToken ct)
    {
        var query = request.Query;
        var k = 5;
        if (query["k"].ToString() is { Length: > 0 } kText && !(int.TryParse(kText, NumberStyles.None, CultureInfo.InvariantCulture, out k) && k is >= 1 and <= IdentifyOptions.MaxK))
        {
            return ApiProblems.BadRequest($"'k' must be an integer in 1..{IdentifyOptions.MaxK}.");
        }
        var seed = 1;
        if (query["seed"].ToString() is { Length: > 0 } seedText && !int.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
        {
            return ApiProblems.BadRequest("'seed' must be an integer.");
        }
        var scoring = IdentityScoring.BestImage;
        if (query["scoring"].ToString() is { Length: > 0 } s && !(Enum.TryParse(s, ignoreCase: true, out scoring) && Enum.IsDefined(scoring) && !s.Trim().All(char.IsAsciiDigit)))
        {
            return ApiProblems.BadRequest("'scoring' must be 'bestImage' or 'centroid'.");
        }
        var targets = new List<double>();
        foreach (var text in query["targetFpir"])
        {
            if (!(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t >= 0 && t <= 1))
            {
                return ApiProblems.BadRequest("'targetFpir' must be a number in [0, 1].");
            }
            targets.Add(t);
        }
        var holdOut = 0.0;
        if (query["holdOut"].ToString() is { Length: > 0 } holdText
            && !(double.TryParse(holdText, NumberStyles.Float, CultureInfo.InvariantCulture, out holdOut) && holdOut >= 0 && holdOut <= IdentificationEvaluator.MaxHoldOut))
        {
            return ApiProblems.BadRequest($"'holdOut' must be a number in [0, {IdentificationEvaluator.MaxHoldOut.ToString(CultureInfo.InvariantCulture)}]: the share of repeated identities held out as strangers.");
        }
        try
        {
            var model = query["model"].ToString() is { Length: > 0 } m ? m : null;
            return Results.Ok(IdentificationJson.Evaluation(await service.EvaluateAsync(id, scoring, k, seed, ct, targets, model, holdOut)));
        }
        catch (GalleryNotFoundException e)
        {
            return ApiProblems.NotFound(e.Message);
        }
        catch (UnknownModelException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
        catch (InvalidOperationException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
    }

    private static async Task<IResult> IdentifyAsync(
        HttpRequest request, IdentificationService service, ScoreCalibrationService calibration, IOptions<FaceEngineOptions> options, CancellationToken ct)
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
        return await AnalysisProblems.RunAsync(async () =>
        {
            var result = await service.IdentifyAsync(image, gallery.Value, new IdentifyOptions { K = k ?? 5, Scoring = scoring, Threshold = threshold, Model = form.Text("model") }, ct);
            var best = result.Primary?.Candidates.FirstOrDefault();
            return Results.Ok(IdentificationJson.Identify(result,
                await calibration.CalibrateCandidateAsync(result.Model, best?.Distance, result.Threshold, threshold is not null, ct)));
        }, Problem);
    }

    private static IResult? Problem(Exception exception) =>
        exception is GalleryNotFoundException e ? ApiProblems.NotFound(e.Message) : null;
}

using System.Security.Claims;
using System.Text;
using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.Auth;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>REST for evaluations and operating points (sign-in cookie or X-Api-Key, like the rest of /api).</summary>
public static class EvaluationEndpoints
{
    public static IEndpointRouteBuilder MapEvaluationApi(this IEndpointRouteBuilder endpoints)
    {
        var evaluations = endpoints.MapGroup("/api/evaluations");
        evaluations.MapGet("", async (int? pairSetId, EvaluationService service, CancellationToken ct) => Results.Ok(await service.ListAsync(pairSetId, ct)));
        evaluations.MapPost("", async (StartEvaluationRequest request, EvaluationService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            try
            {
                var started = await service.StartAsync(request, user, ct);
                return Results.Accepted($"/api/evaluations/{started.Id}", started);
            }
            catch (EvaluationException e)
            {
                return Problem(e.Message);
            }
        }).RequireAuthorization(Roles.CanEdit);
        evaluations.MapGet("/compare", async (string? runs, double? targetFar, string? tagPrefix, int? skip, int? take, int? resamples,
            ModelComparisonService comparisons, CancellationToken ct) =>
        {
            var ids = (runs ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i > 0 ? i : -1).ToList();
            if (ids.Count < 2 || ids.Contains(-1))
            {
                return Problem($"'runs' must list two or more evaluation ids separated by commas, such as runs=1,2 (got '{runs}').");
            }
            try
            {
                return await comparisons.CompareAsync(ids, targetFar ?? ModelComparisonService.DefaultTargetFar, tagPrefix, ct,
                        skip ?? 0, take ?? ModelComparisonService.DefaultPageSize, resamples ?? Engine.Evaluation.Standards.SubjectBootstrap.DefaultResamples) is { } comparison
                    ? Results.Json(comparison, EvaluationStandards.Json)
                    : ApiProblems.NotFound($"One of the evaluations {string.Join(", ", ids)} does not exist.");
            }
            catch (EvaluationException e)
            {
                return Problem(e.Message);
            }
        })
            .WithSummary("Runs compared on one pair set at each run's threshold for a target FAR: agreement tables with McNemar's test, paired subject-bootstrap differences of TAR@FAR and EER, FNMR/FMR per tag value, and the pairs the runs disagree on.")
            .Produces<RunComparison>(StatusCodes.Status200OK);
        evaluations.MapGet("/{id:int}", async (int id, EvaluationService service, CancellationToken ct) =>
            await service.GetDtoAsync(id, ct) is { } dto ? Results.Ok(dto) : NoEvaluation(id));
        evaluations.MapGet("/{id:int}/metrics.json", async (int id, EvaluationService service, CancellationToken ct) =>
            await service.GetDtoAsync(id, ct) is { } dto ? Results.Json(dto, statusCode: 200) : NoEvaluation(id));
        evaluations.MapGet("/{id:int}/report", async (int id, string? tagPrefix, ReportCardService reports, Differentials.DifferentialService differentials,
            Quality.QualityService quality, Microsoft.Extensions.Options.IOptions<EvaluationOptions> options, CancellationToken ct) =>
        {
            if (await reports.GetAsync(id, ct) is not { } card)
            {
                return NoEvaluation(id);
            }
            if (!card.StandardsAvailable)
            {
                return Results.Json(card, EvaluationStandards.Json);
            }
            // The report's sections beyond the card: differentials for the asked prefix (or every prefix the gallery's tags
            // have, at most four) and error versus discard, both at the report's FMR target.
            var target = options.Value.ReportFmrTarget;
            var prefixes = string.IsNullOrWhiteSpace(tagPrefix) ? (await differentials.PrefixesAsync(id, ct)).Take(4).ToList() : [tagPrefix];
            var groups = new List<Differentials.DifferentialSummary>();
            try
            {
                foreach (var prefix in prefixes)
                {
                    if (await differentials.ComputeAsync(id, prefix, target, ct, options.Value.BootstrapResamples) is { } summary)
                    {
                        groups.Add(summary);
                    }
                }
            }
            catch (EvaluationException e)
            {
                return Problem(e.Message);
            }
            var edc = await quality.SummaryAsync(id, target, Quality.QualityService.DefaultDiscardLimit, null, null, ct);
            return Results.Json(card with { Differentials = groups, ErrorVersusDiscard = edc }, EvaluationStandards.Json);
        })
            .WithSummary("The evaluation's report card (ISO/IEC 29120-1 / 19795-1 terms): failures to acquire and enrol, FMR/FNMR with subject-level bootstrap intervals, system FAR/FRR, the LFW-convention accuracy, FMR(t)/FNMR(t) with intervals; differentials per tag prefix (tagPrefix, default: every prefix of the gallery's tags, at most four) and error versus discard at the report's FMR target.")
            .Produces<ReportCard>(StatusCodes.Status200OK);
        evaluations.MapGet("/{id:int}/scores.csv", async (int id, EvaluationService service, HttpContext http, CancellationToken ct) =>
        {
            if (await service.GetAsync(id, ct) is null)
            {
                return NoEvaluation(id);
            }
            return Results.Stream(async stream =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                await service.WriteScoresCsvAsync(id, writer, ct);
            }, "text/csv; charset=utf-8", $"evaluation-{id}-scores.csv");
        });
        evaluations.MapPost("/{id:int}/cancel", async (int id, EvaluationService service, ClaimsPrincipal user, CancellationToken ct) =>
            await service.CancelAsync(id, user, ct) ? Results.Accepted() : ApiProblems.Conflict($"Evaluation {id} does not exist or is not running.")).RequireAuthorization(Roles.CanEdit);
        evaluations.MapPost("/{id:int}/resume", async (int id, EvaluationService service, ClaimsPrincipal user, CancellationToken ct) =>
            await service.ResumeAsync(id, user, ct) is { } jobId ? Results.Accepted(value: new { id, jobId }) : ApiProblems.Conflict($"Evaluation {id} does not exist, is still running or has completed: only a failed or cancelled evaluation resumes.")).RequireAuthorization(Roles.CanEdit);
        evaluations.MapPost("/{id:int}/operating-points", async (int id, OperatingPointRequest request, EvaluationService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            try
            {
                return Results.Ok(await service.SaveOperatingPointAsync(id, request, user, ct));
            }
            catch (EvaluationException e)
            {
                return Problem(e.Message);
            }
        }).RequireAuthorization(Roles.CanEdit);
        endpoints.MapGet("/api/operating-points", async (string? model, EvaluationService service, CancellationToken ct) =>
            Results.Ok(await service.OperatingPointsAsync(model, ct)));
        return endpoints;
    }

    private static IResult Problem(string detail) => ApiProblems.BadRequest(detail);

    private static IResult NoEvaluation(int id) => ApiProblems.NotFound($"There is no evaluation {id}.");
}

using FacePortal.Web.Platform.Api;

namespace FacePortal.Web.Features.Evaluations.Quality;

/// <summary>REST: <c>GET /api/evaluations/{id}/quality?targetFmr=0.001&amp;discardLimit=0.2[&amp;measure=inter-eye-distance&amp;cut=30]</c>.</summary>
public static class QualityEndpoints
{
    public static IEndpointRouteBuilder MapQualityApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/evaluations/{id:int}/quality", async (int id, double? targetFmr, double? discardLimit, string? measure, double? cut, QualityService service, CancellationToken ct) =>
        {
            if ((measure is null) != (cut is null))
            {
                return ApiProblems.BadRequest("'measure' and 'cut' go together: the gate to weigh is faces with the measure below the cut.");
            }
            try
            {
                return await service.SummaryAsync(id, targetFmr ?? QualityService.DefaultTargetFmr, discardLimit ?? QualityService.DefaultDiscardLimit, measure, cut, ct) is { } summary
                    ? Results.Ok(summary)
                    : ApiProblems.NotFound($"There is no evaluation {id}.");
            }
            catch (EvaluationException e)
            {
                return ApiProblems.BadRequest(e.Message);
            }
        });
        return endpoints;
    }
}

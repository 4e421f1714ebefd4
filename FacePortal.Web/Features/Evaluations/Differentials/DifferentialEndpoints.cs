using FacePortal.Web.Platform.Api;

namespace FacePortal.Web.Features.Evaluations.Differentials;

/// <summary>REST: <c>GET /api/evaluations/{id}/differentials?prefix=sex:&amp;targetFmr=0.001&amp;resamples=1000</c>.</summary>
public static class DifferentialEndpoints
{
    public static IEndpointRouteBuilder MapDifferentialsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/evaluations/{id:int}/differentials", async (int id, string? prefix, double? targetFmr, int? resamples, DifferentialService service, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(prefix))
            {
                var known = await service.PrefixesAsync(id, ct);
                return ApiProblems.BadRequest($"'prefix' is required (the tag prefix to group by, such as 'sex:'); this evaluation's gallery has: {(known.Count == 0 ? "no tag with a prefix" : string.Join(", ", known))}.");
            }
            try
            {
                return await service.ComputeAsync(id, prefix, targetFmr ?? DifferentialService.DefaultTargetFmr, ct, resamples ?? Engine.Evaluation.Standards.SubjectBootstrap.DefaultResamples) is { } summary
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

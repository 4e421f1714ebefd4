using System.Security.Claims;
using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.Auth;

namespace FacePortal.Web.Features.Adaptation;

/// <summary>REST for model adaptation: the split a request would get, start a job, its status and result, cancel.</summary>
public static class AdaptationEndpoints
{
    public static IEndpointRouteBuilder MapAdaptationApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/adaptation");
        api.MapGet("/split", async (int galleryId, string? baseModel, double? heldOutFraction, int? splitSeed, AdaptationService service, CancellationToken ct) =>
        {
            try
            {
                return Results.Ok(await service.SplitAsync(galleryId, baseModel, heldOutFraction ?? 0.5, splitSeed ?? 1, ct));
            }
            catch (AdaptationException e)
            {
                return ApiProblems.BadRequest(e.Message);
            }
        });
        // 202 with the job id; 400 naming the field or what the gallery lacks.
        api.MapPost("", async (HttpRequest http, AdaptationService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (request, problem) = await ApiProblems.ReadJsonAsync<AdaptationRequest>(http, ct);
            if (problem is not null)
            {
                return problem;
            }
            try
            {
                var jobId = await service.StartAsync(request!, user, ct);
                return Results.Accepted($"/api/adaptation/{jobId}", new { jobId });
            }
            catch (AdaptationException e)
            {
                return ApiProblems.BadRequest(e.Message);
            }
        }).RequireAuthorization(Roles.CanEdit);
        api.MapGet("/{jobId:int}", async (int jobId, AdaptationService service, CancellationToken ct) =>
            await service.GetAsync(jobId, ct) is { } status ? Results.Ok(status) : ApiProblems.NotFound($"There is no adaptation job {jobId}."));
        api.MapPost("/{jobId:int}/cancel", async (int jobId, AdaptationService service, ClaimsPrincipal user, CancellationToken ct) =>
            await service.CancelAsync(jobId, user, ct) ? Results.Accepted() : ApiProblems.Conflict($"Adaptation job {jobId} is not running.")).RequireAuthorization(Roles.CanEdit);
        return endpoints;
    }
}

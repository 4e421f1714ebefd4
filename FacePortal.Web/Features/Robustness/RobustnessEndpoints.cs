using System.Security.Claims;
using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.Auth;

namespace FacePortal.Web.Features.Robustness;

/// <summary>REST for robustness evaluations (sign-in cookie or X-Api-Key, like the rest of /api); Torch build only.</summary>
public static class RobustnessEndpoints
{
    public static IEndpointRouteBuilder MapRobustnessApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/robustness");
        group.MapGet("", async (int? pairSetId, RobustnessService service, CancellationToken ct) => Results.Json(await service.ListAsync(pairSetId, ct), RobustnessJson.Options));
        group.MapPost("", async (StartRobustnessRequest request, RobustnessService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            try
            {
                var started = await service.StartAsync(request, user, ct);
                return Results.Accepted($"/api/robustness/{started.Id}", started);
            }
            catch (RobustnessException e)
            {
                return ApiProblems.BadRequest(e.Message);
            }
        }).RequireAuthorization(Roles.CanEdit)
            .WithSummary("Starts an adversarial robustness evaluation of face-api on a seeded sample of a pair set (FGSM, PGD, MI-FGSM; budgets in pixel levels; dodging and impersonation).");
        group.MapGet("/{id:int}", async (int id, RobustnessService service, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } run ? Results.Json(run, RobustnessJson.Options) : ApiProblems.NotFound($"No robustness run {id}."))
            .WithSummary("A robustness run: its state, and once done the success rates (Wilson 95% intervals) per attack, budget and goal on the chip and on the whole photo, accuracy under attack, defences, transfer and timings.");
        group.MapPost("/{id:int}/cancel", async (int id, RobustnessService service, ClaimsPrincipal user, CancellationToken ct) =>
            await service.CancelAsync(id, user, ct) ? Results.NoContent() : ApiProblems.NotFound($"No running robustness run {id}.")).RequireAuthorization(Roles.CanEdit);
        return endpoints;
    }
}

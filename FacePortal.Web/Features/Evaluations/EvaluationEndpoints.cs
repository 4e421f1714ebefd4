using System.Security.Claims;
using System.Text;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Auth;
using Microsoft.AspNetCore.Mvc;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>REST for pair sets and evaluations (sign-in cookie or X-Api-Key, like the rest of /api).</summary>
public static class EvaluationEndpoints
{
    /// <summary>An LFW pairs.txt is about 100 KB; anything far larger is not a pairs file.</summary>
    private const long MaxPairsFileBytes = 64L * 1024 * 1024;

    public static IEndpointRouteBuilder MapEvaluationApi(this IEndpointRouteBuilder endpoints)
    {
        var pairSets = endpoints.MapGroup("/api/pairsets");
        pairSets.MapGet("", async (int? galleryId, PairSetCatalog service, CancellationToken ct) => Results.Ok(await service.ListAsync(galleryId, ct)));
        pairSets.MapGet("/{id:int}", async (int id, PairSetCatalog service, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } s ? Results.Ok(s) : Results.NotFound());
        pairSets.MapPost("", async (GeneratePairSetRequest request, PairSetGeneration service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            try
            {
                var s = await service.GenerateAsync(request, user.Identity?.Name, ct);
                return Results.Created($"/api/pairsets/{s.Id}", s);
            }
            catch (PairSetException e)
            {
                return Problem(e.Message);
            }
        }).RequireAuthorization(Roles.CanEdit);
        pairSets.MapPost("/import", async ([FromForm] int galleryId, [FromForm] string? name, IFormFile file, PairSetFiles service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (file.Length > MaxPairsFileBytes)
            {
                return Problem($"{file.FileName} is {file.Length:N0} bytes; a pairs file is at most {MaxPairsFileBytes:N0}");
            }
            string text;
            using (var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8))
            {
                text = await reader.ReadToEndAsync(ct);
            }
            try
            {
                var s = await service.ImportAsync(galleryId, text, Path.GetFileName(file.FileName), name, user.Identity?.Name, ct);
                return Results.Created($"/api/pairsets/{s.Id}", s);
            }
            catch (PairSetException e)
            {
                return Problem(e.Message);
            }
        }).RequireAuthorization(Roles.CanEdit).DisableAntiforgery(); // API clients authenticate with a key, not a cookie form
        pairSets.MapGet("/{id:int}/pairs.csv", async (int id, PairSetFiles service, CancellationToken ct) =>
        {
            try
            {
                return Results.Text(await service.ExportCsvAsync(id, ct), "text/csv; charset=utf-8");
            }
            catch (KeyNotFoundException)
            {
                return Results.NotFound();
            }
        });
        pairSets.MapGet("/{id:int}/pairs.txt", async (int id, PairSetFiles service, CancellationToken ct) =>
        {
            try
            {
                return Results.Text(await service.ExportLfwAsync(id, ct), "text/plain; charset=utf-8");
            }
            catch (KeyNotFoundException)
            {
                return Results.NotFound();
            }
            catch (PairSetException e)
            {
                return Problem(e.Message, StatusCodes.Status409Conflict);
            }
        });
        pairSets.MapDelete("/{id:int}", async (int id, PairSetCatalog service, ClaimsPrincipal user, CancellationToken ct) =>
            await service.DeleteAsync(id, user.Identity?.Name, ct) ? Results.NoContent() : Results.NotFound()).RequireAuthorization(Roles.CanEdit);

        var evaluations = endpoints.MapGroup("/api/evaluations");
        evaluations.MapGet("", async (int? pairSetId, EvaluationService service, CancellationToken ct) => Results.Ok(await service.ListAsync(pairSetId, ct)));
        evaluations.MapPost("", async (StartEvaluationRequest request, EvaluationService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            try
            {
                var started = await service.StartAsync(request, user.Identity?.Name, ct);
                return Results.Accepted($"/api/evaluations/{started.Id}", started);
            }
            catch (EvaluationException e)
            {
                return Problem(e.Message);
            }
        }).RequireAuthorization(Roles.CanEdit);
        evaluations.MapGet("/{id:int}", async (int id, EvaluationService service, CancellationToken ct) =>
            await service.GetDtoAsync(id, ct) is { } dto ? Results.Ok(dto) : Results.NotFound());
        evaluations.MapGet("/{id:int}/metrics.json", async (int id, EvaluationService service, CancellationToken ct) =>
            await service.GetDtoAsync(id, ct) is { } dto ? Results.Json(dto, statusCode: 200) : Results.NotFound());
        evaluations.MapGet("/{id:int}/scores.csv", async (int id, EvaluationService service, HttpContext http, CancellationToken ct) =>
        {
            if (await service.GetAsync(id, ct) is null)
            {
                return Results.NotFound();
            }
            return Results.Stream(async stream =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                await service.WriteScoresCsvAsync(id, writer, ct);
            }, "text/csv; charset=utf-8", $"evaluation-{id}-scores.csv");
        });
        evaluations.MapPost("/{id:int}/cancel", async (int id, EvaluationService service, CancellationToken ct) =>
            await service.CancelAsync(id, ct) ? Results.Accepted() : Results.Conflict()).RequireAuthorization(Roles.CanEdit);
        evaluations.MapPost("/{id:int}/resume", async (int id, EvaluationService service, ClaimsPrincipal user, CancellationToken ct) =>
            await service.ResumeAsync(id, user.Identity?.Name, ct) is { } jobId ? Results.Accepted(value: new { id, jobId }) : Results.Conflict()).RequireAuthorization(Roles.CanEdit);
        evaluations.MapPost("/{id:int}/operating-points", async (int id, OperatingPointRequest request, EvaluationService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            try
            {
                return Results.Ok(await service.SaveOperatingPointAsync(id, request, user.Identity?.Name, ct));
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

    private static IResult Problem(string detail, int status = StatusCodes.Status400BadRequest) =>
        Results.Problem(detail: detail, statusCode: status);
}

using System.Security.Claims;
using System.Text;
using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.Auth;
using Microsoft.AspNetCore.Mvc;

namespace FacePortal.Web.Features.PairSets;

/// <summary>REST for pair sets: list, read, generate, import, export and delete (sign-in cookie or X-Api-Key, like the rest of /api).</summary>
public static class PairSetEndpoints
{
    /// <summary>An LFW pairs.txt is about 100 KB; anything far larger is not a pairs file.</summary>
    private const long MaxPairsFileBytes = 64L * 1024 * 1024;

    public static IEndpointRouteBuilder MapPairSetApi(this IEndpointRouteBuilder endpoints)
    {
        var pairSets = endpoints.MapGroup("/api/pairsets");
        pairSets.MapGet("", async (int? galleryId, PairSetCatalog service, CancellationToken ct) => Results.Ok(await service.ListAsync(galleryId, ct)));
        pairSets.MapGet("/{id:int}", async (int id, PairSetCatalog service, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } s ? Results.Ok(s) : NoPairSet(id));
        // 201 with the set when it is small; 202 with the job id when it is generated in the background; 400 naming
        // the limit (FacePortal:PairSets:MaxPairs) or the field when the request cannot be met.
        pairSets.MapPost("", async (HttpRequest http, PairSetGeneration service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (request, problem) = await ApiProblems.ReadJsonAsync<GeneratePairSetRequest>(http, ct);
            if (problem is not null)
            {
                return problem;
            }
            try
            {
                var started = await service.StartAsync(request!, user, ct);
                return started.Set is { } s
                    ? Results.Created($"/api/pairsets/{s.Id}", s)
                    : Results.Accepted($"/api/jobs/{started.JobId}", new { jobId = started.JobId });
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
                var s = await service.ImportAsync(galleryId, text, Path.GetFileName(file.FileName), name, user, ct);
                return Results.Created($"/api/pairsets/{s.Id}", s);
            }
            catch (PairSetException e)
            {
                return Problem(e.Message);
            }
        }).RequireAuthorization(Roles.CanEdit).DisableAntiforgery() // API clients authenticate with a key, not a cookie form
            // The limit above must be reachable: Kestrel's default body limit (30 MB) is lower.
            .WithMetadata(new RequestSizeLimitAttribute(MaxPairsFileBytes + 1024 * 1024))
            .WithFormOptions(multipartBodyLengthLimit: MaxPairsFileBytes + 1024 * 1024);
        pairSets.MapGet("/{id:int}/pairs.csv", async (int id, PairSetFiles service, CancellationToken ct) =>
        {
            try
            {
                return Results.Text(await service.ExportCsvAsync(id, ct), "text/csv; charset=utf-8");
            }
            catch (KeyNotFoundException)
            {
                return NoPairSet(id);
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
                return NoPairSet(id);
            }
            catch (PairSetException e)
            {
                return ApiProblems.Conflict(e.Message);
            }
        });
        pairSets.MapDelete("/{id:int}", async (int id, PairSetCatalog service, ClaimsPrincipal user, CancellationToken ct) =>
            await service.DeleteAsync(id, user, ct) ? Results.NoContent() : NoPairSet(id)).RequireAuthorization(Roles.CanEdit);
        return endpoints;
    }

    private static IResult Problem(string detail) => ApiProblems.BadRequest(detail);

    private static IResult NoPairSet(int id) => ApiProblems.NotFound($"There is no pair set {id}.");
}

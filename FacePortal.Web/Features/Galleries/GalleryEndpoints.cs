using System.Text.Json;
using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Galleries;

/// <summary>/api/galleries: list, read with counts, create.</summary>
internal static class GalleryEndpoints
{
    public static async Task<IResult> ListAsync(IDbContextFactory<PortalDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var galleries = await db.Galleries.AsNoTracking().OrderBy(g => g.Name)
            .Select(g => new GalleryApiSummary(g.Id, g.Name, g.CreatedAt,
                g.Identities.Count,
                g.Images.Count(i => i.Outcome != ImageOutcome.Duplicate && i.Outcome != ImageOutcome.Unreadable),
                db.Faces.Count(f => f.Image!.GalleryId == g.Id),
                null))
            .ToListAsync(cancellationToken);
        return Results.Ok(galleries);
    }

    public static async Task<IResult> GetAsync(int id, IDbContextFactory<PortalDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var gallery = await db.Galleries.AsNoTracking().Where(g => g.Id == id)
            .Select(g => new { g.Id, g.Name, g.CreatedAt, Identities = g.Identities.Count, Faces = db.Faces.Count(f => f.Image!.GalleryId == g.Id) })
            .FirstOrDefaultAsync(cancellationToken);
        if (gallery is null)
        {
            return ApiProblems.NotFound($"There is no gallery {id}.");
        }
        var outcomes = await db.Images.Where(i => i.GalleryId == id).GroupBy(i => i.Outcome)
            .Select(g => new { Outcome = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var images = outcomes.Where(o => o.Outcome is not (ImageOutcome.Duplicate or ImageOutcome.Unreadable)).Sum(o => o.Count);
        return Results.Ok(new GalleryApiSummary(gallery.Id, gallery.Name, gallery.CreatedAt, gallery.Identities, images, gallery.Faces,
            outcomes.OrderBy(o => o.Outcome).ToDictionary(o => JsonNamingPolicy.CamelCase.ConvertName(o.Outcome.ToString()), o => o.Count)));
    }

    /// <summary>The gallery service's own create (name rules, clash check, activity record); its errors as problems.</summary>
    public static async Task<IResult> CreateAsync(HttpContext http, GalleryService galleries, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiProblems.ReadJsonAsync<CreateGalleryRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        try
        {
            var id = await galleries.CreateGalleryAsync(request!.Name ?? "", http.User, cancellationToken);
            return Results.Created($"/api/galleries/{id}", new { id });
        }
        catch (GalleryException e)
        {
            return e.NameTaken ? ApiProblems.Conflict(e.Message) : ApiProblems.BadRequest(e.Message);
        }
    }
}

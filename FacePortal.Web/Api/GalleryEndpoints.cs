using System.Text.Json;
using FacePortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Api;

/// <summary>/api/galleries: list, read with counts, create.</summary>
internal static class GalleryEndpoints
{
    private const int MaxNameLength = 200;

    public static async Task<IResult> ListAsync(IDbContextFactory<PortalDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var galleries = await db.Galleries.AsNoTracking().OrderBy(g => g.Name)
            .Select(g => new GallerySummary(g.Id, g.Name, g.CreatedAt,
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
        return Results.Ok(new GallerySummary(gallery.Id, gallery.Name, gallery.CreatedAt, gallery.Identities, images, gallery.Faces,
            outcomes.OrderBy(o => o.Outcome).ToDictionary(o => JsonNamingPolicy.CamelCase.ConvertName(o.Outcome.ToString()), o => o.Count)));
    }

    public static async Task<IResult> CreateAsync(HttpContext http, IDbContextFactory<PortalDbContext> databases, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiProblems.ReadJsonAsync<CreateGalleryRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var name = request!.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return ApiProblems.BadRequest("A gallery needs a name.");
        }
        if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return ApiProblems.BadRequest($"A gallery name has at most {MaxNameLength} characters and no control characters.");
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.Galleries.AnyAsync(g => g.Name == name, cancellationToken))
        {
            return ApiProblems.Conflict($"There is already a gallery named '{name}'.");
        }
        var gallery = new Gallery { Name = name, CreatedAt = time.GetUtcNow() };
        db.Galleries.Add(gallery);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Created by someone else between the check and the insert.
            return ApiProblems.Conflict($"There is already a gallery named '{name}'.");
        }
        db.Activity.Add(new ActivityEntry
        {
            At = time.GetUtcNow(), User = ApiEndpoints.UserName(http), GalleryId = gallery.Id, Action = "create gallery",
            Details = $"Created gallery '{name}' (API)",
        });
        await db.SaveChangesAsync(CancellationToken.None);
        return Results.Created($"/api/galleries/{gallery.Id}", new { id = gallery.Id });
    }
}

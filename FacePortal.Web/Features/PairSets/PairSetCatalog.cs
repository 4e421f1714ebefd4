using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using System.Security.Claims;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.PairSets;

/// <summary>The stored pair sets: lists them, reads one and pages through its pairs, and deletes a set.</summary>
public sealed class PairSetCatalog(IDbContextFactory<PortalDbContext> databases, TimeProvider time)
{
    /// <summary>The galleries a pair set can be drawn from, with their usable image counts.</summary>
    public async Task<IReadOnlyList<(int Id, string Name, int Images)>> GalleriesAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.Galleries.AsNoTracking().OrderBy(g => g.Name)
            .Select(g => new { g.Id, g.Name, Images = g.Images.Count(i => !i.Excluded && !i.Identity!.Unlabelled) }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Id, r.Name, r.Images))];
    }

    public async Task<IReadOnlyList<PairSetSummary>> ListAsync(int? galleryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.PairSets.AsNoTracking();
        if (galleryId is { } g)
        {
            query = query.Where(s => s.GalleryId == g);
        }
        var sets = await query.OrderByDescending(s => s.Id).Select(s => new { Set = s, Gallery = s.Gallery!.Name }).ToListAsync(cancellationToken);
        return [.. sets.Select(s => PairSetStore.Summary(s.Set, s.Gallery))];
    }

    public async Task<PairSetSummary?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await PairSetStore.FindSummaryAsync(db, id, cancellationToken);
    }

    /// <summary>A page of pairs in set order, optionally only one class or one fold.</summary>
    public async Task<IReadOnlyList<PairView>> GetPairsAsync(int id, int skip, int take, bool? same, int? fold, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.EvaluationPairs.AsNoTracking().Where(p => p.PairSetId == id);
        if (same is { } s)
        {
            query = query.Where(p => p.Same == s);
        }
        if (fold is { } f)
        {
            query = query.Where(p => p.Fold == f);
        }
        var page = await query.OrderBy(p => p.Ordinal).Skip(skip).Take(take).Select(p => new { p.Id, p.Ordinal, p.Fold, p.Same, p.ImageAId, p.ImageBId })
            .ToListAsync(cancellationToken);
        var images = await ImagesAsync(db, page.SelectMany(p => new[] { p.ImageAId, p.ImageBId }), cancellationToken);
        return [.. page.Select(p => new PairView(p.Id, p.Ordinal, p.Fold, p.Same, images[p.ImageAId], images[p.ImageBId]))];
    }

    public async Task<int> CountPairsAsync(int id, bool? same, int? fold, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.EvaluationPairs.Where(p => p.PairSetId == id && (same == null || p.Same == same) && (fold == null || p.Fold == fold)).CountAsync(cancellationToken);
    }

    /// <summary>The images behind a set of ids, as pages show them.</summary>
    public static async Task<Dictionary<int, PairImage>> ImagesAsync(PortalDbContext db, IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        var result = new Dictionary<int, PairImage>(wanted.Count);
        foreach (var chunk in wanted.Chunk(500))
        {
            var rows = await db.Images.AsNoTracking().Where(i => chunk.Contains(i.Id))
                .Select(i => new PairImage(i.Id, i.ContentHash, i.OriginalName, i.GalleryId, i.IdentityId, i.Identity!.Name, i.PrimaryFaceIndex, i.Excluded))
                .ToListAsync(cancellationToken);
            foreach (var r in rows)
            {
                result[r.ImageId] = r;
            }
        }
        return result;
    }

    public async Task<bool> DeleteAsync(int id, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var user = Editors.Require(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var set = await db.PairSets.FindAsync([id], cancellationToken);
        if (set is null)
        {
            return false;
        }
        db.PairSets.Remove(set);
        ActivityLog.Record(db, time.GetUtcNow(), user, set.GalleryId, "pairset-delete", $"deleted pair set '{set.Name}'");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}

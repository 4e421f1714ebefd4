using System.Security.Claims;
using System.Text.Json;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Galleries;

/// <summary>Galleries: their summaries and the portal's totals, and creating, renaming and deleting them (through <see cref="GalleryWriter"/>).</summary>
public sealed class GalleryService(IDbContextFactory<PortalDbContext> databases, GalleryWriter writer)
{
    public async Task<PortalCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return new PortalCounts(
            await db.Galleries.CountAsync(cancellationToken),
            await db.Identities.Named().CountAsync(cancellationToken),
            await db.Images.CountAsync(cancellationToken),
            await db.Faces.CountAsync(cancellationToken));
    }

    public async Task<IReadOnlyList<GallerySummary>> ListGalleriesAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await Summaries(db, db.Galleries.OrderBy(g => g.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>The gallery with its counts per import outcome; null when it does not exist.</summary>
    public async Task<GallerySummary?> GetGalleryAsync(int galleryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var summary = await Summaries(db, db.Galleries.Where(g => g.Id == galleryId)).FirstOrDefaultAsync(cancellationToken);
        if (summary is null)
        {
            return null;
        }
        var outcomes = await db.Images.Where(i => i.GalleryId == galleryId).GroupBy(i => i.Outcome)
            .Select(g => new { Outcome = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return summary with
        {
            Outcomes = outcomes.OrderBy(o => o.Outcome).ToDictionary(o => JsonNamingPolicy.CamelCase.ConvertName(o.Outcome.ToString()), o => o.Count),
        };
    }

    public async Task<int> CreateGalleryAsync(string name, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        name = GalleryNames.Clean(name, GalleryNames.MaxGalleryName, "gallery");
        return await writer.WriteAsync(async db =>
        {
            await EnsureNameFreeAsync(db, name, null, cancellationToken);
            var gallery = new Gallery { Name = name, CreatedAt = writer.Now };
            db.Galleries.Add(gallery);
            await db.SaveChangesAsync(cancellationToken);
            writer.Record(db, who, gallery.Id, "create-gallery", $"\"{name}\"");
            return gallery.Id;
        }, NameTaken(name), cancellationToken);
    }

    public async Task RenameGalleryAsync(int galleryId, string name, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        name = GalleryNames.Clean(name, GalleryNames.MaxGalleryName, "gallery");
        await writer.WriteAsync(async db =>
        {
            var gallery = await GalleryWriter.FindGalleryAsync(db, galleryId, cancellationToken);
            if (gallery.Name == name)
            {
                return 0;
            }
            await EnsureNameFreeAsync(db, name, galleryId, cancellationToken);
            writer.Record(db, who, galleryId, "rename-gallery", $"\"{gallery.Name}\" -> \"{name}\"");
            gallery.Name = name;
            return 0;
        }, NameTaken(name), cancellationToken);
    }

    /// <summary>Deletes the gallery with its identities, images and faces, and the stored files no other image uses.</summary>
    public async Task DeleteGalleryAsync(int galleryId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var hashes = await writer.WriteAsync(async db =>
        {
            var gallery = await GalleryWriter.FindGalleryAsync(db, galleryId, cancellationToken);
            var used = await db.Images.Where(i => i.GalleryId == galleryId).Select(i => i.ContentHash).Distinct().ToListAsync(cancellationToken);
            var imageCount = await db.Images.Where(i => i.GalleryId == galleryId).ExecuteDeleteAsync(cancellationToken);
            var identityCount = await db.Identities.Where(i => i.GalleryId == galleryId).ExecuteDeleteAsync(cancellationToken);
            db.Galleries.Remove(gallery);
            writer.Record(db, who, galleryId, "delete-gallery", $"\"{gallery.Name}\": {identityCount} identities, {imageCount} images");
            return used;
        }, null, cancellationToken);
        await writer.DeleteUnusedFilesAsync(hashes, cancellationToken);
    }

    private static IQueryable<GallerySummary> Summaries(PortalDbContext db, IQueryable<Gallery> galleries) =>
        galleries.Select(g => new GallerySummary(g.Id, g.Name, g.CreatedAt, g.Identities.Count(i => !i.Unlabelled),
            g.Images.Count(i => i.Outcome != ImageOutcome.Duplicate && i.Outcome != ImageOutcome.Unreadable),
            db.Faces.Count(f => f.Image!.GalleryId == g.Id),
            null) { Model = g.Model });

    private static async Task EnsureNameFreeAsync(PortalDbContext db, string name, int? except, CancellationToken ct)
    {
        if (await db.Galleries.AnyAsync(g => g.Name == name && g.Id != except, ct))
        {
            throw NameTaken(name);
        }
    }

    private static GalleryException NameTaken(string name) => new($"A gallery named \"{name}\" already exists.", nameTaken: true);
}

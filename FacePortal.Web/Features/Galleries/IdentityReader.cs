using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Galleries;

/// <summary>What the gallery and identity pages read: a gallery's identities, and one identity with its images and faces.</summary>
public sealed class IdentityReader(IDbContextFactory<PortalDbContext> databases)
{
    /// <summary>The gallery's identities by name; <paramref name="search"/> matches names and tags (case-insensitive, ASCII).</summary>
    public async Task<IReadOnlyList<IdentitySummary>> ListIdentitiesAsync(int galleryId, string? search, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.Identities.Named().Where(i => i.GalleryId == galleryId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(i => EF.Functions.Like(i.Name, pattern, "\\") || i.Tags.Any(t => EF.Functions.Like(t, pattern, "\\")));
        }
        return await query.OrderBy(i => i.Name)
            .Select(i => new IdentitySummary(i.Id, i.Name, i.Tags, i.Images.Count, i.Images.Count(m => m.Excluded), i.Images.Count(m => m.PrimaryFaceIndex >= 0),
                i.Images.Where(m => !m.Excluded && m.PrimaryFaceIndex >= 0).OrderBy(m => m.Id).Select(m => m.ContentHash).FirstOrDefault(),
                i.Images.Where(m => !m.Excluded && m.PrimaryFaceIndex >= 0).OrderBy(m => m.Id).Select(m => (int?)m.PrimaryFaceIndex).FirstOrDefault() ?? -1))
            .ToListAsync(cancellationToken);
    }

    /// <summary>An identity with all its images and faces; null when it does not exist.</summary>
    public async Task<IdentityDetail?> GetIdentityAsync(int identityId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var identity = await db.Identities.AsNoTracking().Where(i => i.Id == identityId)
            .Select(i => new { i.Id, i.GalleryId, GalleryName = i.Gallery!.Name, i.Name, i.Tags })
            .FirstOrDefaultAsync(cancellationToken);
        if (identity is null)
        {
            return null;
        }
        var imageViews = await db.Images.AsNoTracking().Where(m => m.IdentityId == identityId).OrderBy(m => m.OriginalName).ThenBy(m => m.Id)
            .Select(m => new ImageView(m.Id, m.IdentityId, m.ContentHash, m.OriginalName, m.Width, m.Height, m.Outcome, m.Error, m.Excluded,
                m.PrimaryFaceIndex, m.Tags,
                m.Faces.OrderBy(f => f.Index).Select(f => new FaceView(f.Index, f.X, f.Y, f.Width, f.Height, f.Score, f.Landmarks, f.Sharpness, f.Yaw,
                    f.Descriptors.Any())).ToList()))
            .ToListAsync(cancellationToken);
        return new IdentityDetail(identity.Id, identity.GalleryId, identity.GalleryName, identity.Name, identity.Tags, imageViews);
    }
}

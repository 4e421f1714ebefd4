using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// The gallery's holding identity for faces without a name (<see cref="FaceIdentity.Unlabelled"/>). It is not a
/// person: every reader that treats an identity as one person filters with <see cref="NamedFilter"/>.
/// </summary>
public static class UnlabelledHolding
{
    /// <summary>Its name: in parentheses, which keeps it apart from the people's names in lists.</summary>
    public const string Name = "(unlabelled)";

    /// <summary>The gallery's holding identity's id, or null when it has none yet.</summary>
    public static Task<int?> FindAsync(PortalDbContext db, int galleryId, CancellationToken ct) =>
        db.Identities.Where(i => i.GalleryId == galleryId && i.Unlabelled).Select(i => (int?)i.Id).FirstOrDefaultAsync(ct);

    /// <summary>The holding identity, created (unsaved) when the gallery has none.</summary>
    public static async Task<FaceIdentity> FindOrAddAsync(PortalDbContext db, int galleryId, DateTimeOffset now, CancellationToken ct)
    {
        var found = await db.Identities.FirstOrDefaultAsync(i => i.GalleryId == galleryId && i.Unlabelled, ct);
        if (found is not null)
        {
            return found;
        }
        var holding = new FaceIdentity { GalleryId = galleryId, Name = Name, CreatedAt = now, Unlabelled = true };
        db.Identities.Add(holding);
        return holding;
    }
}

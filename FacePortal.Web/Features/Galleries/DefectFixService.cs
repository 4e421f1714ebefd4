using System.Security.Claims;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// The one-click answers to the gallery's defects. Each goes through the curation service that owns the change
/// (exclude, split, merge), so it is written to the activity log with what undoes it, and Undo in the activity list
/// reverses it; "not a defect" is remembered by the finding's key (<see cref="DefectKeys"/>).
/// </summary>
public sealed class DefectFixService(IDbContextFactory<PortalDbContext> databases, GalleryImageService images, IdentityService identities, TimeProvider time)
{
    /// <summary>Wolves and lambs, harmful templates, same-photo conflicts: the image is excluded from matching (kept, undoable).</summary>
    public Task<int> ExcludeAsync(int imageId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        images.SetExcludedAsync([imageId], true, user, cancellationToken);

    /// <summary>Two people under one name: the second group moves to a new identity ("Name (2)", the first free such name); returns its id.</summary>
    public async Task<int> SplitAsync(MixedDefect defect, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(defect);
        Editors.Require(user);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var identity = await db.Identities.AsNoTracking().FirstOrDefaultAsync(i => i.Id == defect.IdentityId, cancellationToken)
            ?? throw new GalleryException("The identity no longer exists (merged or deleted meanwhile?).");
        // Only the images still filed there move; the split refuses nothing the operator did since.
        var still = await db.Images.AsNoTracking().Where(i => defect.SplitImageIds.Contains(i.Id) && i.IdentityId == defect.IdentityId)
            .Select(i => i.Id).ToListAsync(cancellationToken);
        if (still.Count == 0)
        {
            throw new GalleryException($"None of those images is filed under \"{identity.Name}\" any more.");
        }
        var taken = (await db.Identities.AsNoTracking().Where(i => i.GalleryId == identity.GalleryId).Select(i => i.Name).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var n = 2;
        string name;
        do
        {
            var suffix = $" ({n++})";
            name = identity.Name[..Math.Min(identity.Name.Length, GalleryNames.MaxIdentityName - suffix.Length)] + suffix;
        }
        while (taken.Contains(name));
        return await identities.SplitIdentityAsync(defect.IdentityId, still, name, user, cancellationToken);
    }

    /// <summary>One person under two names: the smaller identity is merged into the larger.</summary>
    public Task MergeAsync(DuplicateNameDefect defect, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(defect);
        return identities.MergeIdentitiesAsync(defect.SourceId, defect.TargetId, user, cancellationToken);
    }

    /// <summary>"Not a defect": the finding is never listed again for this gallery.</summary>
    public async Task DismissAsync(int galleryId, string key, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        if (!DefectKeys.IsValid(key))
        {
            throw new GalleryException($"\"{key}\" is not a defect's key.");
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.Galleries.AnyAsync(g => g.Id == galleryId, cancellationToken))
        {
            throw new GalleryException("The gallery no longer exists (deleted meanwhile?).");
        }
        if (await db.DefectDismissals.AnyAsync(d => d.GalleryId == galleryId && d.Key == key, cancellationToken))
        {
            return;
        }
        db.DefectDismissals.Add(new DefectDismissal { GalleryId = galleryId, Key = key, CreatedBy = who, CreatedAt = time.GetUtcNow() });
        ActivityLog.Record(db, time.GetUtcNow(), who, galleryId, "dismiss-defect", $"{key} is not a defect");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another editor said so at the same moment (the unique index): the answer stands once, unless it was not that.
            await using var check = await databases.CreateDbContextAsync(cancellationToken);
            if (!await check.DefectDismissals.AnyAsync(d => d.GalleryId == galleryId && d.Key == key, cancellationToken))
            {
                throw;
            }
        }
    }
}

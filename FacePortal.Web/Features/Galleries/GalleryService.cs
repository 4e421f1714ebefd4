using System.Security.Claims;
using System.Text.Json;
using FacePortal.Engine.Detection;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// Galleries, identities and images: what the pages read and every change operators make. Each change runs in one
/// transaction (SQLite serialises writers, so two operators never interleave half-done changes), checks that what
/// it touches still exists, and records an <see cref="ActivityEntry"/> in the same transaction. Stored files that
/// no image uses any more are deleted after the commit.
/// </summary>
public sealed class GalleryService(IDbContextFactory<PortalDbContext> databases, ImageStore images, FaceCrops crops, TimeProvider time)
{
    public const int MaxGalleryName = 200;
    public const int MaxIdentityName = 300;
    public const int MaxTag = 100;

    // ---- reading ----

    public async Task<PortalCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return new PortalCounts(
            await db.Galleries.CountAsync(cancellationToken),
            await db.Identities.CountAsync(cancellationToken),
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

    /// <summary>The gallery's identities by name; <paramref name="search"/> matches names and tags (case-insensitive, ASCII).</summary>
    public async Task<IReadOnlyList<IdentitySummary>> ListIdentitiesAsync(int galleryId, string? search, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.Identities.Where(i => i.GalleryId == galleryId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(i => EF.Functions.Like(i.Name, pattern, "\\") || i.Tags.Any(t => EF.Functions.Like(t, pattern, "\\")));
        }
        return await query.OrderBy(i => i.Name)
            .Select(i => new IdentitySummary(i.Id, i.Name, i.Tags, i.Images.Count, i.Images.Count(m => m.Excluded), i.Images.Count(m => m.PrimaryFaceIndex >= 0)))
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
                    f.Descriptor != null)).ToList()))
            .ToListAsync(cancellationToken);
        return new IdentityDetail(identity.Id, identity.GalleryId, identity.GalleryName, identity.Name, identity.Tags, imageViews);
    }

    // ---- galleries ----

    public async Task<int> CreateGalleryAsync(string name, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        name = CleanName(name, MaxGalleryName, "gallery");
        return await WriteAsync(async db =>
        {
            await EnsureGalleryNameFreeAsync(db, name, null, cancellationToken);
            var gallery = new Gallery { Name = name, CreatedAt = time.GetUtcNow() };
            db.Galleries.Add(gallery);
            await db.SaveChangesAsync(cancellationToken);
            Record(db, who, gallery.Id, "create-gallery", $"\"{name}\"");
            return gallery.Id;
        }, GalleryNameTaken(name), cancellationToken);
    }

    public async Task RenameGalleryAsync(int galleryId, string name, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        name = CleanName(name, MaxGalleryName, "gallery");
        await WriteAsync(async db =>
        {
            var gallery = await db.Galleries.FindAsync([galleryId], cancellationToken) ?? throw GalleryGone();
            if (gallery.Name == name)
            {
                return 0;
            }
            await EnsureGalleryNameFreeAsync(db, name, galleryId, cancellationToken);
            Record(db, who, galleryId, "rename-gallery", $"\"{gallery.Name}\" -> \"{name}\"");
            gallery.Name = name;
            return 0;
        }, GalleryNameTaken(name), cancellationToken);
    }

    /// <summary>Deletes the gallery with its identities, images and faces, and the stored files no other image uses.</summary>
    public async Task DeleteGalleryAsync(int galleryId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var hashes = await WriteAsync(async db =>
        {
            var gallery = await db.Galleries.FindAsync([galleryId], cancellationToken) ?? throw GalleryGone();
            var used = await db.Images.Where(i => i.GalleryId == galleryId).Select(i => i.ContentHash).Distinct().ToListAsync(cancellationToken);
            var imageCount = await db.Images.Where(i => i.GalleryId == galleryId).ExecuteDeleteAsync(cancellationToken);
            var identityCount = await db.Identities.Where(i => i.GalleryId == galleryId).ExecuteDeleteAsync(cancellationToken);
            db.Galleries.Remove(gallery);
            Record(db, who, galleryId, "delete-gallery", $"\"{gallery.Name}\": {identityCount} identities, {imageCount} images");
            return used;
        }, null, cancellationToken);
        await DeleteUnusedFilesAsync(hashes, cancellationToken);
    }

    // ---- identities ----

    public async Task<int> CreateIdentityAsync(int galleryId, string name, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        name = CleanName(name, MaxIdentityName, "identity");
        return await WriteAsync(async db =>
        {
            _ = await db.Galleries.FindAsync([galleryId], cancellationToken) ?? throw GalleryGone();
            await EnsureIdentityNameFreeAsync(db, galleryId, name, null, cancellationToken);
            var identity = new FaceIdentity { GalleryId = galleryId, Name = name, CreatedAt = time.GetUtcNow() };
            db.Identities.Add(identity);
            await db.SaveChangesAsync(cancellationToken);
            Record(db, who, galleryId, "create-identity", $"\"{name}\"");
            return identity.Id;
        }, IdentityNameTaken(name), cancellationToken);
    }

    public async Task RenameIdentityAsync(int identityId, string name, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        name = CleanName(name, MaxIdentityName, "identity");
        await WriteAsync(async db =>
        {
            var identity = await FindIdentityAsync(db, identityId, cancellationToken);
            if (identity.Name == name)
            {
                return 0;
            }
            await EnsureIdentityNameFreeAsync(db, identity.GalleryId, name, identityId, cancellationToken);
            Record(db, who, identity.GalleryId, "rename-identity", $"\"{identity.Name}\" -> \"{name}\"");
            identity.Name = name;
            return 0;
        }, IdentityNameTaken(name), cancellationToken);
    }

    /// <summary>Deletes the identity with its images and faces, and the stored files no other image uses.</summary>
    public async Task DeleteIdentityAsync(int identityId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var hashes = await WriteAsync(async db =>
        {
            var identity = await FindIdentityAsync(db, identityId, cancellationToken);
            var used = await db.Images.Where(i => i.IdentityId == identityId).Select(i => i.ContentHash).Distinct().ToListAsync(cancellationToken);
            var imageCount = await db.Images.Where(i => i.IdentityId == identityId).ExecuteDeleteAsync(cancellationToken);
            db.Identities.Remove(identity);
            Record(db, who, identity.GalleryId, "delete-identity", $"\"{identity.Name}\": {imageCount} images");
            return used;
        }, null, cancellationToken);
        await DeleteUnusedFilesAsync(hashes, cancellationToken);
    }

    /// <summary>Moves every image of <paramref name="sourceId"/> into <paramref name="targetId"/> (same gallery), adds its tags, deletes it.</summary>
    public async Task MergeIdentitiesAsync(int sourceId, int targetId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        if (sourceId == targetId)
        {
            throw new GalleryException("An identity cannot be merged into itself.");
        }
        await WriteAsync(async db =>
        {
            var source = await FindIdentityAsync(db, sourceId, cancellationToken);
            var target = await FindIdentityAsync(db, targetId, cancellationToken);
            if (source.GalleryId != target.GalleryId)
            {
                throw new GalleryException("Identities of different galleries cannot be merged.");
            }
            var moved = await db.Images.Where(i => i.IdentityId == sourceId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.IdentityId, targetId), cancellationToken);
            target.Tags = MergeTags(target.Tags, source.Tags, []);
            db.Identities.Remove(source);
            Record(db, who, target.GalleryId, "merge", $"\"{source.Name}\" into \"{target.Name}\": {moved} images");
            return 0;
        }, null, cancellationToken);
    }

    /// <summary>Moves the selected images of an identity to a new identity named <paramref name="newName"/>; returns its id.</summary>
    public async Task<int> SplitIdentityAsync(int identityId, IReadOnlyCollection<int> imageIds, string newName, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        newName = CleanName(newName, MaxIdentityName, "identity");
        return await WriteAsync(async db =>
        {
            var identity = await FindIdentityAsync(db, identityId, cancellationToken);
            var selected = await LoadImagesAsync(db, imageIds, cancellationToken);
            if (selected.Any(i => i.IdentityId != identityId))
            {
                throw new GalleryException($"Some selected images are no longer filed under \"{identity.Name}\" (moved meanwhile?); nothing was changed.");
            }
            await EnsureIdentityNameFreeAsync(db, identity.GalleryId, newName, null, cancellationToken);
            var created = new FaceIdentity { GalleryId = identity.GalleryId, Name = newName, CreatedAt = time.GetUtcNow() };
            db.Identities.Add(created);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var image in selected)
            {
                image.IdentityId = created.Id;
            }
            Record(db, who, identity.GalleryId, "split", $"{selected.Count} images of \"{identity.Name}\" to new \"{newName}\": {Names(selected)}");
            return created.Id;
        }, IdentityNameTaken(newName), cancellationToken);
    }

    public Task TagIdentitiesAsync(IReadOnlyCollection<int> identityIds, IEnumerable<string> add, IEnumerable<string> remove, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var (adding, removing) = (CleanTags(add), CleanTags(remove));
        return WriteAsync(async db =>
        {
            var ids = identityIds.Distinct().ToList();
            var found = await db.Identities.Where(i => ids.Contains(i.Id)).ToListAsync(cancellationToken);
            if (ids.Count == 0 || found.Count != ids.Count)
            {
                throw new GalleryException(ids.Count == 0 ? "No identities selected." : "Some selected identities no longer exist (deleted meanwhile?); nothing was changed.");
            }
            foreach (var identity in found)
            {
                identity.Tags = MergeTags(identity.Tags, adding, removing);
            }
            foreach (var gallery in found.GroupBy(i => i.GalleryId))
            {
                Record(db, who, gallery.Key, "tag-identities", $"{TagChange(adding, removing)} on {string.Join(", ", gallery.Select(i => $"\"{i.Name}\"").Take(20))}");
            }
            return 0;
        }, null, cancellationToken);
    }

    // ---- images ----

    public Task<int> SetExcludedAsync(IReadOnlyCollection<int> imageIds, bool excluded, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        return WriteAsync(async db =>
        {
            var selected = await LoadImagesAsync(db, imageIds, cancellationToken);
            foreach (var image in selected)
            {
                image.Excluded = excluded;
            }
            RecordPerGallery(db, who, selected, excluded ? "exclude" : "include", g => $"{g.Count()} images: {Names(g)}");
            return selected.Count;
        }, null, cancellationToken);
    }

    /// <summary>Deletes the images and their faces, and the stored files no other image uses.</summary>
    public async Task<int> DeleteImagesAsync(IReadOnlyCollection<int> imageIds, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var selected = await WriteAsync(async db =>
        {
            var found = await LoadImagesAsync(db, imageIds, cancellationToken);
            db.Images.RemoveRange(found);
            RecordPerGallery(db, who, found, "delete-images", g => $"{g.Count()} images: {Names(g)}");
            return found;
        }, null, cancellationToken);
        await DeleteUnusedFilesAsync(selected.Select(i => i.ContentHash).Distinct().ToList(), cancellationToken);
        return selected.Count;
    }

    /// <summary>Files the images under another identity of the same gallery.</summary>
    public Task<int> MoveImagesAsync(IReadOnlyCollection<int> imageIds, int targetIdentityId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        return WriteAsync(async db =>
        {
            var target = await FindIdentityAsync(db, targetIdentityId, cancellationToken);
            var selected = await LoadImagesAsync(db, imageIds, cancellationToken);
            if (selected.Any(i => i.GalleryId != target.GalleryId))
            {
                throw new GalleryException($"\"{target.Name}\" is in another gallery: images move only within their gallery.");
            }
            var moving = selected.Where(i => i.IdentityId != targetIdentityId).ToList();
            foreach (var from in moving.GroupBy(i => i.Identity!.Name))
            {
                Record(db, who, target.GalleryId, "move", $"{from.Count()} images from \"{from.Key}\" to \"{target.Name}\": {Names(from)}");
            }
            foreach (var image in moving)
            {
                image.IdentityId = targetIdentityId;
            }
            return moving.Count;
        }, null, cancellationToken);
    }

    /// <summary>Makes another detected face the one the image stands for (its descriptor is computed when the import had none).</summary>
    public async Task SetPrimaryFaceAsync(int imageId, int faceIndex, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        float[]? computed = null;
        string? signature = null;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var face = await db.Faces.AsNoTracking().Where(f => f.ImageId == imageId && f.Index == faceIndex)
                .Select(f => new { f.X, f.Y, f.Width, f.Height, HasDescriptor = f.Descriptor != null, f.Image!.ContentHash })
                .FirstOrDefaultAsync(cancellationToken);
            if (face is null)
            {
                throw new GalleryException(await db.Images.AnyAsync(i => i.Id == imageId, cancellationToken)
                    ? $"The image has no face number {faceIndex}."
                    : "The image no longer exists (deleted meanwhile?).");
            }
            if (!face.HasDescriptor)
            {
                // The engine is slow: run it before the transaction, not inside it.
                computed = await crops.DescribeAsync(face.ContentHash, new FaceBox(face.X, face.Y, face.Width, face.Height), cancellationToken)
                    ?? throw new GalleryException("No landmarks could be found for that face, so it cannot be used.");
                signature = await crops.SignatureAsync(cancellationToken);
            }
        }
        await WriteAsync(async db =>
        {
            var image = await db.Images.Include(i => i.Faces).Include(i => i.Identity).FirstOrDefaultAsync(i => i.Id == imageId, cancellationToken)
                ?? throw new GalleryException("The image no longer exists (deleted meanwhile?).");
            var face = image.Faces.FirstOrDefault(f => f.Index == faceIndex) ?? throw new GalleryException($"The image has no face number {faceIndex}.");
            if (computed is not null && face.Descriptor is null)
            {
                face.Descriptor = computed;
                face.DescriptorModel = signature;
            }
            if (image.PrimaryFaceIndex != faceIndex)
            {
                Record(db, who, image.GalleryId, "primary-face", $"\"{image.OriginalName}\" of \"{image.Identity!.Name}\": face {image.PrimaryFaceIndex} -> {faceIndex}");
                image.PrimaryFaceIndex = faceIndex;
            }
            return 0;
        }, null, cancellationToken);
    }

    public Task TagImagesAsync(IReadOnlyCollection<int> imageIds, IEnumerable<string> add, IEnumerable<string> remove, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var (adding, removing) = (CleanTags(add), CleanTags(remove));
        return WriteAsync(async db =>
        {
            var selected = await LoadImagesAsync(db, imageIds, cancellationToken);
            foreach (var image in selected)
            {
                image.Tags = MergeTags(image.Tags, adding, removing);
            }
            RecordPerGallery(db, who, selected, "tag-images", g => $"{TagChange(adding, removing)} on {g.Count()} images: {Names(g)}");
            return 0;
        }, null, cancellationToken);
    }

    // ---- helpers ----

    /// <summary>Cleans a name: trimmed, not empty, no control characters, not too long.</summary>
    public static string CleanName(string? name, int maxLength, string what)
    {
        var clean = (name ?? "").Trim();
        if (clean.Length == 0)
        {
            throw new GalleryException($"The {what} needs a name.");
        }
        if (clean.Length > maxLength)
        {
            throw new GalleryException($"The {what} name is longer than {maxLength} characters.");
        }
        if (clean.Any(char.IsControl))
        {
            throw new GalleryException($"The {what} name contains control characters.");
        }
        return clean;
    }

    /// <summary>Trimmed, non-empty, distinct (ignoring case) tags; throws on one that is too long.</summary>
    public static List<string> CleanTags(IEnumerable<string> tags)
    {
        var result = new List<string>();
        foreach (var raw in tags)
        {
            var tag = (raw ?? "").Trim();
            if (tag.Length == 0 || result.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            if (tag.Length > MaxTag || tag.Any(char.IsControl))
            {
                throw new GalleryException($"The tag \"{tag[..Math.Min(tag.Length, 30)]}\" is longer than {MaxTag} characters or has control characters.");
            }
            result.Add(tag);
        }
        return result;
    }

    internal static List<string> MergeTags(IEnumerable<string> current, IEnumerable<string> add, IReadOnlyCollection<string> remove)
    {
        var result = current.Where(t => !remove.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        foreach (var tag in add)
        {
            if (!result.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(tag);
            }
        }
        return result;
    }

    private static string TagChange(IReadOnlyCollection<string> add, IReadOnlyCollection<string> remove) =>
        string.Join(" ", add.Select(t => "+" + t).Concat(remove.Select(t => "-" + t)));

    private static string Names(IEnumerable<GalleryImage> images)
    {
        var list = images.Select(i => i.OriginalName).ToList();
        return string.Join(", ", list.Take(10)) + (list.Count > 10 ? $" and {list.Count - 10} more" : "");
    }

    private static IQueryable<GallerySummary> Summaries(PortalDbContext db, IQueryable<Gallery> galleries) =>
        galleries.Select(g => new GallerySummary(g.Id, g.Name, g.CreatedAt, g.Identities.Count,
            g.Images.Count(i => i.Outcome != ImageOutcome.Duplicate && i.Outcome != ImageOutcome.Unreadable),
            db.Faces.Count(f => f.Image!.GalleryId == g.Id),
            null));

    /// <summary>Runs <paramref name="work"/> in one transaction and saves; a unique-index clash becomes <paramref name="conflict"/>.</summary>
    private async Task<T> WriteAsync<T>(Func<PortalDbContext, Task<T>> work, GalleryException? conflict, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await work(db);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (DbUpdateException e) when (conflict is not null && e.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // Another operator took the name between our check and our write.
            throw conflict;
        }
    }

    private void Record(PortalDbContext db, string user, int? galleryId, string action, string details) =>
        ActivityLog.Record(db, time.GetUtcNow(), user, galleryId, action, details);

    private void RecordPerGallery(PortalDbContext db, string user, List<GalleryImage> selected, string action, Func<IGrouping<int, GalleryImage>, string> details)
    {
        foreach (var gallery in selected.GroupBy(i => i.GalleryId))
        {
            Record(db, user, gallery.Key, action, details(gallery));
        }
    }

    private static async Task<FaceIdentity> FindIdentityAsync(PortalDbContext db, int identityId, CancellationToken ct) =>
        await db.Identities.FindAsync([identityId], ct) ?? throw new GalleryException("The identity no longer exists (deleted or merged meanwhile?).");

    /// <summary>The images, all of them: one that has gone (deleted meanwhile) stops the whole change.</summary>
    private static async Task<List<GalleryImage>> LoadImagesAsync(PortalDbContext db, IReadOnlyCollection<int> imageIds, CancellationToken ct)
    {
        var ids = imageIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            throw new GalleryException("No images selected.");
        }
        var found = await db.Images.Include(i => i.Identity).Where(i => ids.Contains(i.Id)).ToListAsync(ct);
        if (found.Count != ids.Count)
        {
            var missing = ids.Count - found.Count;
            throw new GalleryException($"{missing} of the selected images no longer exist (deleted by someone else?); nothing was changed. Reload to see the current state.");
        }
        return found;
    }

    private static async Task EnsureGalleryNameFreeAsync(PortalDbContext db, string name, int? except, CancellationToken ct)
    {
        if (await db.Galleries.AnyAsync(g => g.Name == name && g.Id != except, ct))
        {
            throw GalleryNameTaken(name);
        }
    }

    private static async Task EnsureIdentityNameFreeAsync(PortalDbContext db, int galleryId, string name, int? except, CancellationToken ct)
    {
        if (await db.Identities.AnyAsync(i => i.GalleryId == galleryId && i.Name == name && i.Id != except, ct))
        {
            throw IdentityNameTaken(name);
        }
    }

    private static GalleryException GalleryNameTaken(string name) => new($"A gallery named \"{name}\" already exists.", nameTaken: true);

    private static GalleryException IdentityNameTaken(string name) =>
        new($"An identity named \"{name}\" already exists in this gallery (merge the two instead).", nameTaken: true);

    private static GalleryException GalleryGone() => new("The gallery no longer exists (deleted meanwhile?).");

    /// <summary>After a delete: removes stored files (and their cached crops) that no image of any gallery uses any more.</summary>
    private async Task DeleteUnusedFilesAsync(IReadOnlyList<string> hashes, CancellationToken cancellationToken)
    {
        if (hashes.Count == 0)
        {
            return;
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var stillUsed = (await db.Images.Where(i => hashes.Contains(i.ContentHash)).Select(i => i.ContentHash).Distinct().ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var hash in hashes.Where(h => !stillUsed.Contains(h)))
        {
            images.Delete(hash);
            crops.Delete(hash);
        }
    }
}

using System.Security.Claims;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Galleries;

/// <summary>Identities: create, rename, delete, merge, split and tag them (through <see cref="GalleryWriter"/>).</summary>
public sealed class IdentityService(GalleryWriter writer)
{
    public async Task<int> CreateIdentityAsync(int galleryId, string name, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        name = GalleryNames.Clean(name, GalleryNames.MaxIdentityName, "identity");
        return await writer.WriteAsync(async db =>
        {
            _ = await GalleryWriter.FindGalleryAsync(db, galleryId, cancellationToken);
            await EnsureNameFreeAsync(db, galleryId, name, null, cancellationToken);
            var identity = new FaceIdentity { GalleryId = galleryId, Name = name, CreatedAt = writer.Now };
            db.Identities.Add(identity);
            await db.SaveChangesAsync(cancellationToken);
            writer.Record(db, who, galleryId, "create-identity", $"\"{name}\"");
            return identity.Id;
        }, NameTaken(name), cancellationToken);
    }

    public async Task RenameIdentityAsync(int identityId, string name, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        name = GalleryNames.Clean(name, GalleryNames.MaxIdentityName, "identity");
        await writer.WriteAsync(async db =>
        {
            var identity = await GalleryWriter.FindIdentityAsync(db, identityId, cancellationToken);
            RefuseHolding(identity);
            if (identity.Name == name)
            {
                return 0;
            }
            await EnsureNameFreeAsync(db, identity.GalleryId, name, identityId, cancellationToken);
            writer.Record(db, who, identity.GalleryId, "rename-identity", $"\"{identity.Name}\" -> \"{name}\"",
                new UndoPayload { PreviousName = new() { [identity.Id] = identity.Name } });
            identity.Name = name;
            return 0;
        }, NameTaken(name), cancellationToken);
    }

    /// <summary>Deletes the identity with its images and faces, and the stored files no other image uses.</summary>
    public async Task DeleteIdentityAsync(int identityId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var hashes = await writer.WriteAsync(async db =>
        {
            var identity = await GalleryWriter.FindIdentityAsync(db, identityId, cancellationToken);
            var used = await db.Images.Where(i => i.IdentityId == identityId).Select(i => i.ContentHash).Distinct().ToListAsync(cancellationToken);
            var imageCount = await db.Images.Where(i => i.IdentityId == identityId).ExecuteDeleteAsync(cancellationToken);
            db.MarkContentChanged(identity.GalleryId);
            db.Identities.Remove(identity);
            writer.Record(db, who, identity.GalleryId, "delete-identity", $"\"{identity.Name}\": {imageCount} images");
            return used;
        }, null, cancellationToken);
        await writer.DeleteUnusedFilesAsync(hashes, cancellationToken);
    }

    /// <summary>Moves every image of <paramref name="sourceId"/> into <paramref name="targetId"/> (same gallery), adds its tags, deletes it.</summary>
    public async Task MergeIdentitiesAsync(int sourceId, int targetId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        if (sourceId == targetId)
        {
            throw new GalleryException("An identity cannot be merged into itself.");
        }
        await writer.WriteAsync(async db =>
        {
            var source = await GalleryWriter.FindIdentityAsync(db, sourceId, cancellationToken);
            var target = await GalleryWriter.FindIdentityAsync(db, targetId, cancellationToken);
            if (source.GalleryId != target.GalleryId)
            {
                throw new GalleryException("Identities of different galleries cannot be merged.");
            }
            RefuseHolding(source);
            RefuseHolding(target);
            // The moved images' ids are what an undo needs to send them back.
            var movedIds = await db.Images.Where(i => i.IdentityId == sourceId).Select(i => i.Id).ToListAsync(cancellationToken);
            var moved = await db.Images.Where(i => i.IdentityId == sourceId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.IdentityId, targetId), cancellationToken);
            db.MarkContentChanged(target.GalleryId);
            var undo = new UndoPayload
            {
                PreviousIdentity = movedIds.ToDictionary(id => id, _ => sourceId),
                PreviousTags = new() { [target.Id] = [.. target.Tags] },
                Removed = new UndoPayload.RemovedIdentity(source.Id, source.Name, [.. source.Tags], source.CreatedAt),
            };
            target.Tags = TagLists.Merge(target.Tags, source.Tags, []);
            db.Identities.Remove(source);
            writer.Record(db, who, target.GalleryId, "merge", $"\"{source.Name}\" into \"{target.Name}\": {moved} images", undo);
            return 0;
        }, null, cancellationToken);
    }

    /// <summary>Moves the selected images of an identity to a new identity named <paramref name="newName"/>; returns its id.</summary>
    public async Task<int> SplitIdentityAsync(int identityId, IReadOnlyCollection<int> imageIds, string newName, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        newName = GalleryNames.Clean(newName, GalleryNames.MaxIdentityName, "identity");
        return await writer.WriteAsync(async db =>
        {
            var identity = await GalleryWriter.FindIdentityAsync(db, identityId, cancellationToken);
            var selected = await GalleryWriter.LoadImagesAsync(db, imageIds, cancellationToken);
            if (selected.Any(i => i.IdentityId != identityId))
            {
                throw new GalleryException($"Some selected images are no longer filed under \"{identity.Name}\" (moved meanwhile?); nothing was changed.");
            }
            await EnsureNameFreeAsync(db, identity.GalleryId, newName, null, cancellationToken);
            var created = new FaceIdentity { GalleryId = identity.GalleryId, Name = newName, CreatedAt = writer.Now };
            db.Identities.Add(created);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var image in selected)
            {
                image.IdentityId = created.Id;
            }
            writer.Record(db, who, identity.GalleryId, "split", $"{selected.Count} images of \"{identity.Name}\" to new \"{newName}\": {GalleryWriter.Names(selected)}",
                new UndoPayload { PreviousIdentity = selected.ToDictionary(i => i.Id, _ => identityId), CreatedIdentityId = created.Id });
            return created.Id;
        }, NameTaken(newName), cancellationToken);
    }

    public Task TagIdentitiesAsync(IReadOnlyCollection<int> identityIds, IEnumerable<string> add, IEnumerable<string> remove, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var (adding, removing) = (TagLists.Clean(add), TagLists.Clean(remove));
        return writer.WriteAsync(async db =>
        {
            var ids = identityIds.Distinct().ToList();
            var found = await db.Identities.Where(i => ids.Contains(i.Id)).ToListAsync(cancellationToken);
            if (ids.Count == 0 || found.Count != ids.Count)
            {
                throw new GalleryException(ids.Count == 0 ? "No identities selected." : "Some selected identities no longer exist (deleted meanwhile?); nothing was changed.");
            }
            foreach (var identity in found)
            {
                identity.Tags = TagLists.Merge(identity.Tags, adding, removing);
            }
            foreach (var gallery in found.GroupBy(i => i.GalleryId))
            {
                writer.Record(db, who, gallery.Key, "tag-identities", $"{TagLists.Change(adding, removing)} on {string.Join(", ", gallery.Select(i => $"\"{i.Name}\"").Take(20))}");
            }
            return 0;
        }, null, cancellationToken);
    }

    private static async Task EnsureNameFreeAsync(PortalDbContext db, int galleryId, string name, int? except, CancellationToken ct)
    {
        if (await db.Identities.AnyAsync(i => i.GalleryId == galleryId && i.Name == name && i.Id != except, ct))
        {
            throw NameTaken(name);
        }
    }

    // The unlabelled holding identity is no person: its faces are named from the cluster view, one cluster at a time.
    private static void RefuseHolding(FaceIdentity identity)
    {
        if (identity.Unlabelled)
        {
            throw new GalleryException($"\"{identity.Name}\" holds the gallery's unlabelled faces: name them on the Unlabelled faces page instead.");
        }
    }

    private static GalleryException NameTaken(string name) =>
        new($"An identity named \"{name}\" already exists in this gallery (merge the two instead).", nameTaken: true);
}

using System.Security.Claims;
using FacePortal.Engine.Detection;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Galleries;

/// <summary>Image curation: exclude, delete, move, choose the primary face, tag (through <see cref="GalleryWriter"/>).</summary>
public sealed class GalleryImageService(IDbContextFactory<PortalDbContext> databases, GalleryWriter writer, FaceCrops crops)
{
    public Task<int> SetExcludedAsync(IReadOnlyCollection<int> imageIds, bool excluded, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        return writer.WriteAsync(async db =>
        {
            var selected = await GalleryWriter.LoadImagesAsync(db, imageIds, cancellationToken);
            var before = selected.ToDictionary(i => i.Id, i => i.Excluded);
            foreach (var image in selected)
            {
                image.Excluded = excluded;
            }
            writer.RecordPerGallery(db, who, selected, excluded ? "exclude" : "include", g => $"{g.Count()} images: {GalleryWriter.Names(g)}",
                g => new UndoPayload { PreviousExcluded = g.ToDictionary(i => i.Id, i => before[i.Id]) });
            return selected.Count;
        }, null, cancellationToken);
    }

    /// <summary>Deletes the images and their faces, and the stored files no other image uses.</summary>
    public async Task<int> DeleteImagesAsync(IReadOnlyCollection<int> imageIds, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var selected = await writer.WriteAsync(async db =>
        {
            var found = await GalleryWriter.LoadImagesAsync(db, imageIds, cancellationToken);
            db.Images.RemoveRange(found);
            writer.RecordPerGallery(db, who, found, "delete-images", g => $"{g.Count()} images: {GalleryWriter.Names(g)}");
            return found;
        }, null, cancellationToken);
        await writer.DeleteUnusedFilesAsync(selected.Select(i => i.ContentHash).Distinct().ToList(), cancellationToken);
        return selected.Count;
    }

    /// <summary>Files the images under another identity of the same gallery.</summary>
    public Task<int> MoveImagesAsync(IReadOnlyCollection<int> imageIds, int targetIdentityId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        return writer.WriteAsync(async db =>
        {
            var target = await GalleryWriter.FindIdentityAsync(db, targetIdentityId, cancellationToken);
            var selected = await GalleryWriter.LoadImagesAsync(db, imageIds, cancellationToken);
            if (selected.Any(i => i.GalleryId != target.GalleryId))
            {
                throw new GalleryException($"\"{target.Name}\" is in another gallery: images move only within their gallery.");
            }
            var moving = selected.Where(i => i.IdentityId != targetIdentityId).ToList();
            foreach (var from in moving.GroupBy(i => i.Identity!.Name))
            {
                writer.Record(db, who, target.GalleryId, "move", $"{from.Count()} images from \"{from.Key}\" to \"{target.Name}\": {GalleryWriter.Names(from)}",
                    new UndoPayload { PreviousIdentity = from.ToDictionary(i => i.Id, i => i.IdentityId) });
            }
            foreach (var image in moving)
            {
                image.IdentityId = targetIdentityId;
            }
            return moving.Count;
        }, null, cancellationToken);
    }

    /// <summary>
    /// Makes another detected face the one the image stands for; when it has no descriptor yet, one of the gallery's model
    /// is computed (and kept beside any others).
    /// </summary>
    public async Task SetPrimaryFaceAsync(int imageId, int faceIndex, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        (string Signature, float[] Vector)? computed = null;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var face = await db.Faces.AsNoTracking().Where(f => f.ImageId == imageId && f.Index == faceIndex)
                .Select(f => new { f.X, f.Y, f.Width, f.Height, HasDescriptor = f.Descriptors.Any(), f.Image!.ContentHash, f.Image.Gallery!.Model })
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
                var (signature, vector) = await crops.DescribeAsync(face.ContentHash, new FaceBox(face.X, face.Y, face.Width, face.Height), face.Model, cancellationToken);
                computed = (signature, vector ?? throw new GalleryException("No landmarks could be found for that face, so it cannot be used."));
            }
        }
        await writer.WriteAsync(async db =>
        {
            var image = await db.Images.Include(i => i.Faces).Include(i => i.Identity).FirstOrDefaultAsync(i => i.Id == imageId, cancellationToken)
                ?? throw new GalleryException("The image no longer exists (deleted meanwhile?).");
            var face = image.Faces.FirstOrDefault(f => f.Index == faceIndex) ?? throw new GalleryException($"The image has no face number {faceIndex}.");
            if (computed is { } c && !await db.For(c.Signature).AnyAsync(d => d.FaceId == face.Id, cancellationToken))
            {
                db.Descriptors.Add(new FaceDescriptor { FaceId = face.Id, Model = c.Signature, Vector = c.Vector, CreatedAt = writer.Now });
            }
            if (image.PrimaryFaceIndex != faceIndex)
            {
                writer.Record(db, who, image.GalleryId, "primary-face", $"\"{image.OriginalName}\" of \"{image.Identity!.Name}\": face {image.PrimaryFaceIndex} -> {faceIndex}");
                image.PrimaryFaceIndex = faceIndex;
            }
            return 0;
        }, null, cancellationToken);
    }

    public Task TagImagesAsync(IReadOnlyCollection<int> imageIds, IEnumerable<string> add, IEnumerable<string> remove, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var (adding, removing) = (TagLists.Clean(add), TagLists.Clean(remove));
        return writer.WriteAsync(async db =>
        {
            var selected = await GalleryWriter.LoadImagesAsync(db, imageIds, cancellationToken);
            foreach (var image in selected)
            {
                image.Tags = TagLists.Merge(image.Tags, adding, removing);
            }
            writer.RecordPerGallery(db, who, selected, "tag-images", g => $"{TagLists.Change(adding, removing)} on {g.Count()} images: {GalleryWriter.Names(g)}");
            return 0;
        }, null, cancellationToken);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace FacePortal.Web.Platform.Data;

/// <summary>
/// Which galleries (and which of their models' descriptors) a save changes, read from the change tracker before the
/// save, and the version bumps written after it in the same transaction (<see cref="PortalDbContext"/> does both on
/// every SaveChanges). Images, faces, identities and activity entries move <see cref="Gallery.ContentVersion"/>;
/// descriptors move their model's <see cref="GalleryModelVersion"/>. A new gallery (its key not assigned yet) needs
/// no bump: nothing has read it. Bulk statements (ExecuteUpdate/ExecuteDelete) bypass the tracker: their callers name
/// the gallery with <see cref="PortalDbContext.MarkContentChanged"/>.
/// </summary>
public sealed class ContentVersions
{
    private readonly HashSet<int> _galleries = [];
    private readonly HashSet<(int Gallery, string Model)> _models = [];
    private readonly Dictionary<int, HashSet<string?>> _imagesToLookUp = [];
    private readonly Dictionary<int, HashSet<string?>> _facesToLookUp = [];

    public bool IsEmpty => _galleries.Count == 0 && _models.Count == 0;

    /// <summary>The galleries whose content version will move (tests, diagnostics).</summary>
    public IReadOnlyCollection<int> Galleries => _galleries;

    /// <summary>The (gallery, model) pairs whose descriptor version will move.</summary>
    public IReadOnlyCollection<(int Gallery, string Model)> Models => _models;

    public static async Task<ContentVersions> CollectAsync(PortalDbContext db, IEnumerable<int> marked, CancellationToken cancellationToken)
    {
        var changes = Track(db, marked);
        if (changes._imagesToLookUp.Count > 0)
        {
            var ids = changes._imagesToLookUp.Keys.ToList();
            changes.AddLookedUp(changes._imagesToLookUp, await db.Images.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => new RowGallery(i.Id, i.GalleryId)).ToListAsync(cancellationToken));
        }
        if (changes._facesToLookUp.Count > 0)
        {
            var ids = changes._facesToLookUp.Keys.ToList();
            changes.AddLookedUp(changes._facesToLookUp, await db.Faces.AsNoTracking().Where(f => ids.Contains(f.Id)).Select(f => new RowGallery(f.Id, f.Image!.GalleryId)).ToListAsync(cancellationToken));
        }
        return changes;
    }

    public static ContentVersions Collect(PortalDbContext db, IEnumerable<int> marked)
    {
        var changes = Track(db, marked);
        if (changes._imagesToLookUp.Count > 0)
        {
            var ids = changes._imagesToLookUp.Keys.ToList();
            changes.AddLookedUp(changes._imagesToLookUp, [.. db.Images.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => new RowGallery(i.Id, i.GalleryId))]);
        }
        if (changes._facesToLookUp.Count > 0)
        {
            var ids = changes._facesToLookUp.Keys.ToList();
            changes.AddLookedUp(changes._facesToLookUp, [.. db.Faces.AsNoTracking().Where(f => ids.Contains(f.Id)).Select(f => new RowGallery(f.Id, f.Image!.GalleryId))]);
        }
        return changes;
    }

    public async Task BumpAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        if (_galleries.Count > 0)
        {
            var ids = _galleries.ToList();
            await db.Galleries.Where(g => ids.Contains(g.Id)).ExecuteUpdateAsync(s => s.SetProperty(g => g.ContentVersion, g => g.ContentVersion + 1), cancellationToken);
        }
        foreach (var (gallery, model) in _models)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(Upsert(gallery, model), cancellationToken);
        }
    }

    public void Bump(PortalDbContext db)
    {
        if (_galleries.Count > 0)
        {
            var ids = _galleries.ToList();
            db.Galleries.Where(g => ids.Contains(g.Id)).ExecuteUpdate(s => s.SetProperty(g => g.ContentVersion, g => g.ContentVersion + 1));
        }
        foreach (var (gallery, model) in _models)
        {
            db.Database.ExecuteSqlInterpolated(Upsert(gallery, model));
        }
    }

    // After the save: a gallery deleted by it has no row left to count for.
    private static FormattableString Upsert(int gallery, string model) =>
        $"INSERT INTO GalleryModelVersions (GalleryId, Model, Version) SELECT {gallery}, {model}, 1 WHERE EXISTS (SELECT 1 FROM Galleries WHERE Id = {gallery}) ON CONFLICT (GalleryId, Model) DO UPDATE SET Version = Version + 1";

    private static ContentVersions Track(PortalDbContext db, IEnumerable<int> marked)
    {
        var changes = new ContentVersions();
        changes._galleries.UnionWith(marked);
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case GalleryImage:
                case FaceIdentity:
                case ActivityEntry:
                    changes.AddGallery(entry.Property(nameof(GalleryImage.GalleryId)));
                    break;
                case DetectedFace:
                    changes.AddFace(entry, model: null);
                    break;
                case FaceDescriptor descriptor:
                    if (entry.Reference(nameof(FaceDescriptor.Face)).TargetEntry is { } face)
                    {
                        changes.AddFace(face, descriptor.Model);
                    }
                    else
                    {
                        changes.LookUpFace((int)entry.Property(nameof(FaceDescriptor.FaceId)).CurrentValue!, descriptor.Model);
                    }
                    break;
            }
        }
        return changes;
    }

    // Both the gallery before and after the change (an image moved between galleries changes both).
    private void AddGallery(PropertyEntry galleryId)
    {
        if (galleryId.IsTemporary)
        {
            return;
        }
        if (galleryId.CurrentValue is int current)
        {
            _galleries.Add(current);
        }
        if (galleryId.OriginalValue is int original)
        {
            _galleries.Add(original);
        }
    }

    // A face (model null) moves its gallery's content version; a descriptor (model set) its model's version.
    private void AddFace(EntityEntry face, string? model)
    {
        if (face.Reference(nameof(DetectedFace.Image)).TargetEntry is { } image)
        {
            var galleryId = image.Property(nameof(GalleryImage.GalleryId));
            if (!galleryId.IsTemporary && galleryId.CurrentValue is int gallery)
            {
                Add(gallery, model);
            }
            return;
        }
        var imageId = face.Property(nameof(DetectedFace.ImageId));
        if (!imageId.IsTemporary)
        {
            LookUp(_imagesToLookUp, (int)imageId.CurrentValue!, model);
        }
    }

    private void LookUpFace(int faceId, string model) => LookUp(_facesToLookUp, faceId, model);

    private static void LookUp(Dictionary<int, HashSet<string?>> pending, int id, string? model)
    {
        if (!pending.TryGetValue(id, out var models))
        {
            pending[id] = models = [];
        }
        models.Add(model);
    }

    private void AddLookedUp(Dictionary<int, HashSet<string?>> pending, IEnumerable<RowGallery> rows)
    {
        foreach (var row in rows)
        {
            foreach (var model in pending[row.Id])
            {
                Add(row.GalleryId, model);
            }
        }
    }

    private void Add(int gallery, string? model)
    {
        if (model is null)
        {
            _galleries.Add(gallery);
        }
        else
        {
            _models.Add((gallery, model));
        }
    }

    private sealed record RowGallery(int Id, int GalleryId);
}

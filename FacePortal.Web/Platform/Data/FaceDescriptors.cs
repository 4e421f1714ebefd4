using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Data;

/// <summary>
/// The one reader and writer of <see cref="FaceDescriptor"/> rows: a descriptor is always asked for by its model's
/// signature, so no query compares signatures by hand and descriptors of two models never mix.
/// </summary>
public static class FaceDescriptors
{
    /// <summary>The descriptors of one model (pipeline signature).</summary>
    public static IQueryable<FaceDescriptor> For(this PortalDbContext db, string model)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Descriptors.AsNoTracking().Where(d => d.Model == model);
    }

    /// <summary>The descriptors of one model for the faces their images stand for (the primary faces).</summary>
    public static IQueryable<FaceDescriptor> PrimaryFor(this PortalDbContext db, string model) =>
        db.For(model).Where(d => d.Face!.Index == d.Face.Image!.PrimaryFaceIndex);

    /// <summary>
    /// The model most of the gallery's primary faces (of <paramref name="imageIds"/> when given) have descriptors of: for
    /// work not told which model to use (curation finders, hard impostors). Null when none has any.
    /// </summary>
    public static async Task<string?> MostCommonModelAsync(PortalDbContext db, int galleryId, IReadOnlyCollection<int>? imageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var primary = db.Descriptors.AsNoTracking().Where(d => d.Face!.Image!.GalleryId == galleryId && d.Face.Index == d.Face.Image.PrimaryFaceIndex);
        if (imageIds is not null)
        {
            primary = primary.Where(d => imageIds.Contains(d.Face!.ImageId));
        }
        var counts = await primary.GroupBy(d => d.Model).Select(g => new { Model = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return counts.OrderByDescending(c => c.Count).ThenBy(c => c.Model, StringComparer.Ordinal).Select(c => c.Model).FirstOrDefault();
    }

    /// <summary>Per model signature: how many faces of the gallery have a descriptor, and how many of them are primary faces.</summary>
    public static async Task<IReadOnlyDictionary<string, (int Faces, int Primary)>> CountByModelAsync(PortalDbContext db, int galleryId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Descriptors.AsNoTracking().Where(d => d.Face!.Image!.GalleryId == galleryId)
            .GroupBy(d => d.Model)
            .Select(g => new { Model = g.Key, Faces = g.Count(), Primary = g.Count(d => d.Face!.Index == d.Face.Image!.PrimaryFaceIndex) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Model, r => (r.Faces, r.Primary), StringComparer.Ordinal);
    }

    /// <summary>How many faces of the gallery have a descriptor of the model (cheap: no vectors read).</summary>
    public static Task<int> CountAsync(PortalDbContext db, int galleryId, string model, CancellationToken cancellationToken) =>
        db.For(model).CountAsync(d => d.Face!.Image!.GalleryId == galleryId, cancellationToken);

    /// <summary>
    /// Stores descriptors of one model in one transaction: adds the missing rows, replaces existing ones, and leaves out
    /// faces deleted meanwhile. Touches no other row. Returns how many were written.
    /// </summary>
    public static async Task<int> StoreAsync(PortalDbContext db, string model, IReadOnlyCollection<(int FaceId, float[] Vector)> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return 0;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = rows.Select(r => r.FaceId).Distinct().ToList();
        var alive = new HashSet<int>();
        var existing = new Dictionary<int, FaceDescriptor>();
        foreach (var chunk in ids.Chunk(500))
        {
            alive.UnionWith(await db.Faces.Where(f => chunk.Contains(f.Id)).Select(f => f.Id).ToListAsync(cancellationToken));
            foreach (var d in await db.Descriptors.Where(d => d.Model == model && chunk.Contains(d.FaceId)).ToListAsync(cancellationToken))
            {
                existing[d.FaceId] = d;
            }
        }
        var written = 0;
        foreach (var (faceId, vector) in rows)
        {
            if (!alive.Contains(faceId))
            {
                continue;
            }
            if (existing.TryGetValue(faceId, out var row))
            {
                row.Vector = vector;
                row.CreatedAt = now;
            }
            else
            {
                existing[faceId] = row = new FaceDescriptor { FaceId = faceId, Model = model, Vector = vector, CreatedAt = now };
                db.Descriptors.Add(row);
            }
            written++;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }
}

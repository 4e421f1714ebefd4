using FacePortal.Engine.Landmarks;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>
/// Writes an analysed batch in one transaction: identities, images and faces with their descriptors (of the model that
/// analysed them), errors, and the items marked done,
/// so a restart neither repeats nor loses an image. Retried once when an identity was created meanwhile.
/// </summary>
internal static class ImportWriter
{
    private const int MaxOriginalNameLength = 1000;

    /// <summary>The gallery's identities by name (the writer adds the ones it creates).</summary>
    public static Task<Dictionary<string, int>> LoadIdentitiesAsync(PortalDbContext db, int galleryId, CancellationToken ct) =>
        db.Identities.Where(i => i.GalleryId == galleryId).ToDictionaryAsync(i => i.Name, i => i.Id, StringComparer.Ordinal, ct);

    public static async Task WriteAsync(JobContext context, ImportParameters p, List<ImportWork> work, Dictionary<string, int> identities)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteOnceAsync(context, p, work, identities);
                return;
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // Most likely an identity created meanwhile by someone else (unique name): read them again and retry.
                await using var db = await context.Databases.CreateDbContextAsync(CancellationToken.None);
                if (!await db.Galleries.AnyAsync(g => g.Id == p.GalleryId))
                {
                    throw new InvalidOperationException($"Gallery {p.GalleryId} was deleted during the import.");
                }
                var fresh = await LoadIdentitiesAsync(db, p.GalleryId, CancellationToken.None);
                identities.Clear();
                foreach (var (name, id) in fresh)
                {
                    identities[name] = id;
                }
            }
        }
    }

    private static async Task WriteOnceAsync(JobContext context, ImportParameters p, List<ImportWork> work, Dictionary<string, int> identities)
    {
        // Not cancellable: a batch analysed is a batch written, all of it or nothing.
        await using var db = await context.Databases.CreateDbContextAsync(CancellationToken.None);
        var created = new Dictionary<string, FaceIdentity>(StringComparer.Ordinal);
        var now = context.Now;
        foreach (var w in work)
        {
            if (w.Outcome is { } outcome)
            {
                var target = p.Unlabelled ? UnlabelledHolding.Name : w.Item.Target;
                foreach (var image in Rows(w, outcome, p, now))
                {
                    if (identities.TryGetValue(target, out var identityId))
                    {
                        image.IdentityId = identityId;
                    }
                    else
                    {
                        if (!created.TryGetValue(target, out var identity))
                        {
                            identity = new FaceIdentity { GalleryId = p.GalleryId, Name = target, CreatedAt = now, Unlabelled = p.Unlabelled };
                            created[target] = identity;
                            db.Identities.Add(identity);
                        }
                        image.Identity = identity;
                    }
                    db.Images.Add(image);
                }
            }
            if (w.Error is not null)
            {
                db.JobErrors.Add(new JobError { JobId = context.JobId, Item = w.Name, Reason = w.Error });
            }
            var item = new JobItem { Id = w.Item.Id, JobId = w.Item.JobId, Source = w.Item.Source, Target = w.Item.Target, Extra = w.Item.Extra, Done = false };
            db.JobItems.Attach(item);
            item.Done = true;
            item.Extra = (w.Extra with { Outcome = w.Outcome?.ToString() ?? ImportWork.ErrorOutcome }).ToJson();
        }
        // The rows now hold their files: the job's reservations of them go in the same save.
        var written = work.Where(w => w.Outcome is not null && w.Hash is not null).Select(w => w.Hash!).Distinct(StringComparer.Ordinal).ToList();
        await ImageFileGuard.CommitAsync(db, context.JobId, written, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        foreach (var (name, identity) in created)
        {
            identities[name] = identity.Id;
        }
    }

    /// <summary>
    /// The image row; unlabelled, one row per detected face (same stored file, that face its primary), so naming a face
    /// is moving its row. An image without a face is one row all the same: nothing imported is lost.
    /// </summary>
    private static IEnumerable<GalleryImage> Rows(ImportWork w, ImageOutcome outcome, ImportParameters p, DateTimeOffset now)
    {
        List<DetectedFace> faces = w.Faces is null ? [] : [.. Faces(w, now)];
        if (!p.Unlabelled || faces.Count <= 1)
        {
            yield return Row(w, outcome, p, now, faces, w.Faces?.PrimaryIndex ?? -1);
            yield break;
        }
        foreach (var face in faces)
        {
            yield return Row(w, outcome, p, now, [face], face.Index);
        }
    }

    private static GalleryImage Row(ImportWork w, ImageOutcome outcome, ImportParameters p, DateTimeOffset now, List<DetectedFace> faces, int primary) => new()
    {
        GalleryId = p.GalleryId,
        ContentHash = w.Hash!,
        OriginalName = w.Name.Length > MaxOriginalNameLength ? w.Name[..MaxOriginalNameLength] : w.Name,
        Width = w.Width,
        Height = w.Height,
        Bytes = w.Bytes!.LongLength,
        Outcome = outcome,
        Error = w.ImageError,
        Excluded = outcome is ImageOutcome.Duplicate or ImageOutcome.Unreadable,
        PrimaryFaceIndex = primary,
        ImportedAt = now,
        Tags = w.Extra.Tags?.ToList() ?? [],
        Faces = faces,
    };

    private static IEnumerable<DetectedFace> Faces(ImportWork w, DateTimeOffset now)
    {
        var faces = w.Faces!.Faces;
        for (var f = 0; f < faces.Count; f++)
        {
            var face = faces[f];
            var box = face.Detection.Box;
            var points = face.Landmarks?.Points;
            yield return new DetectedFace
            {
                Index = f,
                X = box.X,
                Y = box.Y,
                Width = box.Width,
                Height = box.Height,
                Score = face.Detection.Score,
                Landmarks = LandmarkCodec.Pack(points),
                Sharpness = face.Sharpness ?? 0,
                Yaw = points is null ? 0 : PoseEstimate.Yaw(points),
                Descriptors = face.Descriptor is null ? [] : [new FaceDescriptor { Model = w.Signature!, Vector = face.Descriptor, CreatedAt = now }],
            };
        }
    }
}

using FacePortal.Web.Platform.Data;

namespace FacePortal.Tests.Web.Features.Identification;

/// <summary>Writes galleries straight into the database, as an import would leave them (the import feature is built elsewhere).</summary>
internal static class GallerySeed
{
    public static async Task<int> GalleryAsync(PortalDbContext db, string name)
    {
        var gallery = new Gallery { Name = name, CreatedAt = DateTimeOffset.UtcNow };
        db.Galleries.Add(gallery);
        await db.SaveChangesAsync();
        return gallery.Id;
    }

    /// <summary>One image of an identity (created when new) whose primary face has the descriptor; returns the image.</summary>
    public static async Task<GalleryImage> ImageAsync(PortalDbContext db, int galleryId, string identity, float[] descriptor, string signature,
        string? contentHash = null, bool excluded = false, int faces = 1, int primary = 0)
    {
        var person = db.Identities.Local.FirstOrDefault(i => i.GalleryId == galleryId && i.Name == identity)
            ?? db.Identities.FirstOrDefault(i => i.GalleryId == galleryId && i.Name == identity);
        if (person is null)
        {
            person = new FaceIdentity { GalleryId = galleryId, Name = identity, CreatedAt = DateTimeOffset.UtcNow };
            db.Identities.Add(person);
        }
        var image = new GalleryImage
        {
            GalleryId = galleryId,
            Identity = person,
            ContentHash = contentHash ?? Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
            OriginalName = identity + ".jpg",
            Width = 250,
            Height = 250,
            Outcome = faces > 1 ? ImageOutcome.SeveralFaces : ImageOutcome.Face,
            Excluded = excluded,
            PrimaryFaceIndex = primary,
            ImportedAt = DateTimeOffset.UtcNow,
        };
        for (var f = 0; f < faces; f++)
        {
            // Faces other than the primary one get a descriptor far from everything.
            var d = f == primary ? descriptor : descriptor.Select(v => v + 10f).ToArray();
            image.Faces.Add(new DetectedFace { Index = f, X = 10 + 50 * f, Y = 10, Width = 40, Height = 40, Score = 0.9, Descriptors = [new FaceDescriptor { Model = signature, Vector = d }] });
        }
        db.Images.Add(image);
        await db.SaveChangesAsync();
        return image;
    }

    public static async Task ActivityAsync(PortalDbContext db, int galleryId, string action)
    {
        db.Activity.Add(new ActivityEntry { At = DateTimeOffset.UtcNow, User = "test", GalleryId = galleryId, Action = action, Details = action });
        await db.SaveChangesAsync();
    }
}

using FacePortal.Engine.Adaptation;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Adaptation;

/// <summary>What adaptation reads from a gallery: each usable image's primary-face descriptor of the base model, with its identity.</summary>
internal static class AdaptationData
{
    public sealed record Sample(int ImageId, int IdentityId, float[] Vector);

    /// <summary>The labelled descriptors and how many usable images have no descriptor of the signature yet.</summary>
    public static async Task<(List<Sample> Samples, int Missing)> LoadAsync(PortalDbContext db, int galleryId, string signature, CancellationToken ct)
    {
        var usable = await Usable(db, galleryId).CountAsync(ct);
        var samples = await db.PrimaryFor(signature)
            .Where(d => d.Face!.Image!.GalleryId == galleryId && !d.Face.Image.Excluded
                && d.Face.Image.Outcome != ImageOutcome.Unreadable && d.Face.Image.Outcome != ImageOutcome.Duplicate)
            .OrderBy(d => d.Face!.ImageId)
            .Select(d => new Sample(d.Face!.ImageId, d.Face.Image!.IdentityId, d.Vector))
            .ToListAsync(ct);
        return (samples, Math.Max(0, usable - samples.Count));
    }

    /// <summary>Images a pair set may use: not excluded, readable, not a duplicate, with a face.</summary>
    public static IQueryable<GalleryImage> Usable(PortalDbContext db, int galleryId) =>
        db.Images.AsNoTracking().Where(i => i.GalleryId == galleryId && !i.Excluded && i.PrimaryFaceIndex >= 0
            && i.Outcome != ImageOutcome.Unreadable && i.Outcome != ImageOutcome.Duplicate);

    /// <summary>The split over the identities that have descriptors, and its counts.</summary>
    public static (IdentitySplit Split, SplitCounts Counts) Split(IReadOnlyList<Sample> samples, int missing, double fraction, int seed)
    {
        IdentitySplit split;
        try
        {
            split = IdentitySplit.Make(samples.Select(s => s.IdentityId), fraction, seed);
        }
        catch (ArgumentException e)
        {
            throw new AdaptationException(e.Message);
        }
        var train = samples.Count(s => split.Train.Contains(s.IdentityId));
        return (split, new SplitCounts(split.Train.Count, train, split.HeldOut.Count, samples.Count - train, missing));
    }
}

using System.Security.Claims;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// Finds what needs an operator's eye in a gallery (duplicates, suspected mislabels) and carries out the one-click
/// answers. Only non-excluded images with a primary-face descriptor take part in the descriptor searches.
/// </summary>
public sealed class CurationService(IDbContextFactory<PortalDbContext> databases, GalleryImageService images, IOptions<GalleryOptions> options, TimeProvider time)
{
    /// <summary>Image tag that hides a mislabel warning an operator has dismissed.</summary>
    public const string MislabelDismissedTag = "mislabel:dismissed";

    public GalleryOptions Options => options.Value;

    /// <summary>Exact duplicates first, then near duplicates nearest first (at most <see cref="GalleryOptions.MaxPairs"/>).</summary>
    public Task<IReadOnlyList<DuplicatePair>> FindDuplicatesAsync(int galleryId, CancellationToken cancellationToken) =>
        FindDuplicatesAsync(galleryId, Options.NearDuplicateDistance, cancellationToken);

    /// <summary>
    /// The same with the operator's own near-duplicate cut-off; pairs answered "not a duplicate" are never listed
    /// again (an exact copy stays listed: the same bytes are a duplicate whatever anyone says).
    /// </summary>
    public async Task<IReadOnlyList<DuplicatePair>> FindDuplicatesAsync(int galleryId, double nearDistance, CancellationToken cancellationToken)
    {
        if (!double.IsFinite(nearDistance) || nearDistance < 0)
        {
            throw new GalleryException($"The near-duplicate distance must be a finite number of 0 or more (got {nearDistance}).");
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var hashes = await db.Images.AsNoTracking().Named().Where(i => i.GalleryId == galleryId)
            .Select(i => new HashedImage(i.Id, i.IdentityId, i.ContentHash)).ToListAsync(cancellationToken);
        var points = await PrimaryDescriptorsAsync(db, galleryId, cancellationToken);
        var dismissed = (await db.CurationDismissals.AsNoTracking()
            .Where(d => d.GalleryId == galleryId && d.Kind == CurationDismissal.NotDuplicate)
            .Select(d => new { d.ImageA, d.ImageB }).ToListAsync(cancellationToken)).Select(d => (d.ImageA, d.ImageB)).ToHashSet();
        var pairs = (await Task.Run(() => DuplicateFinder.Find(hashes, points, nearDistance, Options.Metric, Options.MaxPairs + dismissed.Count, cancellationToken), cancellationToken))
            .Where(p => p.Exact || !dismissed.Contains(Ordered(p.ImageA, p.ImageB))).Take(Options.MaxPairs).ToList();
        var info = await ImageInfoAsync(db, pairs.SelectMany(p => new[] { p.ImageA, p.ImageB }), cancellationToken);
        return pairs.Select(p => p with
        {
            HashA = info[p.ImageA].ContentHash,
            HashB = info[p.ImageB].ContentHash,
            NameA = info[p.ImageA].OriginalName,
            NameB = info[p.ImageB].OriginalName,
            IdentityNameA = info[p.ImageA].IdentityName,
            IdentityNameB = info[p.ImageB].IdentityName,
        }).ToList();
    }

    /// <summary>Images nearer another identity's centroid than their own, surest first; dismissed ones are left out.</summary>
    public async Task<IReadOnlyList<MislabelSuspect>> FindMislabelsAsync(int galleryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var points = await PrimaryDescriptorsAsync(db, galleryId, cancellationToken);
        var dismissed = (await db.Images.AsNoTracking().Where(i => i.GalleryId == galleryId && i.Tags.Contains(MislabelDismissedTag))
            .Select(i => i.Id).ToListAsync(cancellationToken)).ToHashSet();
        // Dismissed images still shape their identity's centroid; they are only not listed.
        var suspects = (await Task.Run(() => MislabelFinder.Find(points, Options.Metric, cancellationToken), cancellationToken))
            .Where(s => !dismissed.Contains(s.ImageId)).Take(Options.MaxPairs).ToList();
        if (suspects.Count == 0)
        {
            return [];
        }
        var info = await ImageInfoAsync(db, suspects.Select(s => s.ImageId), cancellationToken);
        var identityIds = suspects.SelectMany(s => new[] { s.IdentityId, s.OtherIdentityId }).Distinct().ToList();
        var names = await db.Identities.AsNoTracking().Where(i => identityIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, cancellationToken);
        var samples = (await db.Images.AsNoTracking()
                .Where(i => identityIds.Contains(i.IdentityId) && !i.Excluded && i.PrimaryFaceIndex >= 0)
                .OrderBy(i => i.Id).Select(i => new { i.Id, i.IdentityId, i.ContentHash }).ToListAsync(cancellationToken))
            .GroupBy(i => i.IdentityId).ToDictionary(g => g.Key, g => g.ToList());
        IReadOnlyList<string> Samples(int identityId, int except) =>
            samples.TryGetValue(identityId, out var list) ? list.Where(i => i.Id != except).Take(3).Select(i => i.ContentHash).ToList() : [];
        return suspects.Select(s => s with
        {
            ContentHash = info[s.ImageId].ContentHash,
            OriginalName = info[s.ImageId].OriginalName,
            IdentityName = names.GetValueOrDefault(s.IdentityId, "?"),
            OtherIdentityName = names.GetValueOrDefault(s.OtherIdentityId, "?"),
            IdentitySamples = Samples(s.IdentityId, s.ImageId),
            OtherSamples = Samples(s.OtherIdentityId, s.ImageId),
        }).ToList();
    }

    /// <summary>"Move": files the suspect under the identity it looks like.</summary>
    public Task<int> MoveSuspectAsync(int imageId, int targetIdentityId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        images.MoveImagesAsync([imageId], targetIdentityId, user, cancellationToken);

    /// <summary>"Dismiss": the operator says the label is right; the warning is not shown again for this image.</summary>
    public async Task DismissMislabelAsync(int imageId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var image = await db.Images.Include(i => i.Identity).FirstOrDefaultAsync(i => i.Id == imageId, cancellationToken)
            ?? throw new GalleryException("The image no longer exists (deleted meanwhile?).");
        if (!image.Tags.Contains(MislabelDismissedTag))
        {
            image.Tags = [.. image.Tags, MislabelDismissedTag];
            ActivityLog.Record(db, time.GetUtcNow(), who, image.GalleryId, "dismiss-mislabel", $"\"{image.OriginalName}\" stays with \"{image.Identity!.Name}\"");
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>"Not a duplicate": two different photos (of one person, often); the pair is not listed again.</summary>
    public async Task DismissDuplicateAsync(int imageA, int imageB, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var (a, b) = Ordered(imageA, imageB);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var images = await db.Images.AsNoTracking().Where(i => i.Id == a || i.Id == b)
            .Select(i => new { i.Id, i.GalleryId, i.OriginalName }).ToListAsync(cancellationToken);
        if (a == b || images.Count != 2 || images[0].GalleryId != images[1].GalleryId)
        {
            throw new GalleryException("Both images must exist, differ and be in one gallery (deleted meanwhile?).");
        }
        var galleryId = images[0].GalleryId;
        if (await db.CurationDismissals.AnyAsync(d => d.GalleryId == galleryId && d.Kind == CurationDismissal.NotDuplicate && d.ImageA == a && d.ImageB == b, cancellationToken))
        {
            return;
        }
        db.CurationDismissals.Add(new CurationDismissal { GalleryId = galleryId, Kind = CurationDismissal.NotDuplicate, ImageA = a, ImageB = b, CreatedBy = who, CreatedAt = time.GetUtcNow() });
        ActivityLog.Record(db, time.GetUtcNow(), who, galleryId, "dismiss-duplicate",
            $"\"{images.Single(i => i.Id == a).OriginalName}\" and \"{images.Single(i => i.Id == b).OriginalName}\" are not duplicates");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (db.ChangeTracker.Entries<CurationDismissal>().Any())
        {
            // Another editor said so at the same moment (the unique index): the answer stands once, unless it was not that.
            await using var check = await databases.CreateDbContextAsync(cancellationToken);
            if (!await check.CurationDismissals.AnyAsync(d => d.GalleryId == galleryId && d.Kind == CurationDismissal.NotDuplicate && d.ImageA == a && d.ImageB == b, cancellationToken))
            {
                throw;
            }
        }
    }

    private static (int, int) Ordered(int x, int y) => x < y ? (x, y) : (y, x);

    /// <summary>Excludes one image of a duplicate pair.</summary>
    public Task<int> ExcludeImageAsync(int imageId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        images.SetExcludedAsync([imageId], true, user, cancellationToken);

    /// <summary>Deletes one image of a duplicate pair.</summary>
    public Task<int> DeleteImageAsync(int imageId, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        images.DeleteImagesAsync([imageId], user, cancellationToken);

    /// <summary>The primary-face descriptors of the gallery's included images, of the model most of them use.</summary>
    private static async Task<IReadOnlyList<DescriptorPoint>> PrimaryDescriptorsAsync(PortalDbContext db, int galleryId, CancellationToken ct)
    {
        // Descriptors of different models cannot be compared: keep the model most images have.
        if (await FaceDescriptors.MostCommonModelAsync(db, galleryId, null, ct) is not { } model)
        {
            return [];
        }
        var rows = await db.PrimaryFor(model).Named().Where(d => d.Face!.Image!.GalleryId == galleryId && !d.Face.Image.Excluded)
            .Select(d => new { d.Face!.ImageId, d.Face.Image!.IdentityId, d.Vector }).ToListAsync(ct);
        return rows.OrderBy(r => r.ImageId).Select(r => new DescriptorPoint(r.ImageId, r.IdentityId, r.Vector)).ToList();
    }

    private sealed record ImageInfo(string ContentHash, string OriginalName, string IdentityName);

    private static async Task<Dictionary<int, ImageInfo>> ImageInfoAsync(PortalDbContext db, IEnumerable<int> imageIds, CancellationToken ct)
    {
        var ids = imageIds.Distinct().ToList();
        return await db.Images.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, Info = new ImageInfo(i.ContentHash, i.OriginalName, i.Identity!.Name) })
            .ToDictionaryAsync(i => i.Id, i => i.Info, ct);
    }
}

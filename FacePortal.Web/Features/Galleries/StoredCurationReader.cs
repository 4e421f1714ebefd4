using FacePortal.Engine.Curation;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// The curation lists as the pages show them, read from the stored gallery analysis (no pairwise work on a page
/// open): each finding is checked against the gallery as it is now, so what was fixed, moved, excluded, deleted or
/// dismissed since the analysis is left out, and names and thumbnails are the current ones.
/// </summary>
public sealed class StoredCurationReader(IDbContextFactory<PortalDbContext> databases, GalleryAnalysisService analysis, IOptions<GalleryOptions> options)
{
    public GalleryOptions Options => options.Value;

    /// <summary>Stored duplicates with the operator's distance (up to <see cref="GalleryOptions.AnalysisNearCeiling"/>); pairs null until analysed.</summary>
    public async Task<(GalleryAnalysisStatus Status, IReadOnlyList<DuplicatePair>? Pairs)> DuplicatesAsync(int galleryId, double nearDistance, CancellationToken cancellationToken)
    {
        if (!double.IsFinite(nearDistance) || nearDistance < 0)
        {
            throw new GalleryException($"The near-duplicate distance must be a finite number of 0 or more (got {nearDistance}).");
        }
        if (nearDistance > Options.AnalysisNearCeiling)
        {
            throw new GalleryException($"The analysis stores near pairs up to {Options.AnalysisNearCeiling:0.00}; choose a distance up to that.");
        }
        var (status, result) = await LoadAsync(galleryId, cancellationToken);
        if (result is null)
        {
            return (status, null);
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var dismissed = (await db.CurationDismissals.AsNoTracking()
            .Where(d => d.GalleryId == galleryId && d.Kind == CurationDismissal.NotDuplicate)
            .Select(d => new { d.ImageA, d.ImageB }).ToListAsync(cancellationToken)).Select(d => (d.ImageA, d.ImageB)).ToHashSet();
        // Twice the page's share is checked against the gallery now; fixes since the analysis rarely remove more.
        var candidates = result.Duplicates.Where(p => p.Exact || (p.Distance < nearDistance && !dismissed.Contains((p.ImageA, p.ImageB))))
            .Take(Options.MaxPairs * 2).ToList();
        var now = await ImagesAsync(db, candidates.SelectMany(p => new[] { p.ImageA, p.ImageB }), cancellationToken);
        bool Usable(int id, bool exact) => now.TryGetValue(id, out var i) && (exact || !i.Excluded);
        return (status, candidates.Where(p => Usable(p.ImageA, p.Exact) && Usable(p.ImageB, p.Exact)).Take(Options.MaxPairs).Select(p => p with
        {
            IdentityA = now[p.ImageA].IdentityId,
            IdentityB = now[p.ImageB].IdentityId,
            HashA = now[p.ImageA].ContentHash,
            HashB = now[p.ImageB].ContentHash,
            NameA = now[p.ImageA].OriginalName,
            NameB = now[p.ImageB].OriginalName,
            IdentityNameA = now[p.ImageA].IdentityName,
            IdentityNameB = now[p.ImageB].IdentityName,
        }).ToList());
    }

    /// <summary>Stored suspected mislabels still filed where they were, not excluded nor dismissed; null until analysed.</summary>
    public async Task<(GalleryAnalysisStatus Status, IReadOnlyList<MislabelSuspect>? Suspects)> MislabelsAsync(int galleryId, CancellationToken cancellationToken)
    {
        var (status, result) = await LoadAsync(galleryId, cancellationToken);
        if (result is null)
        {
            return (status, null);
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var candidates = result.Mislabels.Take(Options.MaxPairs * 2).ToList();
        var now = await ImagesAsync(db, candidates.Select(s => s.ImageId), cancellationToken);
        // Names only: counting every listed identity's images was most of this page's time at 100k faces.
        var identities = await IdentityNamesAsync(db, candidates.SelectMany(s => new[] { s.IdentityId, s.OtherIdentityId }), cancellationToken);
        var suspects = candidates.Where(s => now.TryGetValue(s.ImageId, out var i) && !i.Excluded && i.IdentityId == s.IdentityId
                && !i.Tags.Contains(CurationService.MislabelDismissedTag) && identities.ContainsKey(s.OtherIdentityId))
            .Take(Options.MaxPairs).ToList();
        var ids = suspects.SelectMany(s => new[] { s.IdentityId, s.OtherIdentityId }).Distinct().ToList();
        // At most four per identity from the database (a window per identity), not every image of every identity listed.
        var samples = await db.Identities.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, Hashes = i.Images.Where(m => !m.Excluded && m.PrimaryFaceIndex >= 0).OrderBy(m => m.Id).Select(m => new { m.Id, m.ContentHash }).Take(4).ToList() })
            .ToDictionaryAsync(i => i.Id, i => i.Hashes, cancellationToken);
        IReadOnlyList<string> Samples(int identityId, int except) =>
            samples.TryGetValue(identityId, out var list) ? list.Where(i => i.Id != except).Take(3).Select(i => i.ContentHash).ToList() : [];
        return (status, suspects.Select(s => s with
        {
            ContentHash = now[s.ImageId].ContentHash,
            OriginalName = now[s.ImageId].OriginalName,
            IdentityName = identities[s.IdentityId],
            OtherIdentityName = identities[s.OtherIdentityId],
            IdentitySamples = Samples(s.IdentityId, s.ImageId),
            OtherSamples = Samples(s.OtherIdentityId, s.ImageId),
        }).ToList());
    }

    /// <summary>The five defect lists as they stand now; null until analysed.</summary>
    public async Task<DefectReport?> DefectsAsync(int galleryId, CancellationToken cancellationToken)
    {
        var (status, result) = await LoadAsync(galleryId, cancellationToken);
        if (result is null)
        {
            return null;
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var dismissed = (await db.DefectDismissals.AsNoTracking().Where(d => d.GalleryId == galleryId).Select(d => d.Key).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var imageIds = result.Zoo.SelectMany(z => z.Evidence.SelectMany(e => new[] { e.FaceA, e.FaceB }))
            .Concat(result.MixedIdentities.SelectMany(m => m.Groups.SelectMany(g => g).Append(m.Closest.FaceA).Append(m.Closest.FaceB)))
            .Concat(result.DuplicateNames.SelectMany(d => new[] { d.Closest.FaceA, d.Closest.FaceB }))
            .Concat(result.SamePhotoConflicts.SelectMany(c => c.Faces))
            .Concat(result.HarmfulTemplates.Select(h => h.FaceId));
        var now = await ImagesAsync(db, imageIds, cancellationToken);
        var identities = await IdentitiesAsync(db, result.Zoo.Select(z => z.IdentityId)
            .Concat(result.MixedIdentities.Select(m => m.IdentityId))
            .Concat(result.DuplicateNames.SelectMany(d => new[] { d.IdentityA, d.IdentityB }))
            .Concat(result.SamePhotoConflicts.Select(c => c.IdentityId)), cancellationToken);
        // Still filed under the identity the finding is about, and in use.
        bool In(int imageId, int identityId) => now.TryGetValue(imageId, out var i) && i.IdentityId == identityId && !i.Excluded;
        DefectImage Image(int id) => now.TryGetValue(id, out var i)
            ? new DefectImage(id, i.ContentHash, i.PrimaryFaceIndex, i.OriginalName, i.IdentityName)
            : new DefectImage(id, "", -1, "(deleted)", "");
        DefectPair Pair(FacePairEvidence e) => new(Image(e.FaceA), Image(e.FaceB), e.Distance);

        var zoo = result.Zoo.Where(z => identities.ContainsKey(z.IdentityId)).Select(z =>
        {
            // The identity's image in most of its false matches: excluding it removes the most.
            var worst = z.Evidence.GroupBy(e => e.FaceA).OrderByDescending(g => g.Count()).ThenBy(g => g.Min(e => e.Distance)).First().Key;
            return new ZooDefect(DefectKeys.Zoo(z.IdentityId), z.IdentityId, identities[z.IdentityId].Name, z.Faces, z.FalseMatches, z.Factor, Image(worst), [.. z.Evidence.Select(Pair)]);
        }).Where(z => !dismissed.Contains(z.Key) && In(z.Worst.ImageId, z.IdentityId)).ToList();

        var mixed = result.MixedIdentities.Where(m => identities.ContainsKey(m.IdentityId) && m.Groups.Count > 1)
            .Select(m => new MixedDefect(DefectKeys.Mixed(m.IdentityId), m.IdentityId, identities[m.IdentityId].Name,
                [.. m.Groups.Take(2).Select(g => (IReadOnlyList<DefectImage>)[.. g.Take(8).Select(Image)])], [.. m.Groups[1]], Pair(m.Closest)))
            .Where(m => !dismissed.Contains(m.Key) && m.SplitImageIds.Count(id => In(id, m.IdentityId)) >= 2).ToList();

        var names = result.DuplicateNames.Where(d => identities.ContainsKey(d.IdentityA) && identities.ContainsKey(d.IdentityB)).Select(d =>
        {
            // The smaller goes into the larger: fewer images change identity.
            var (source, target) = identities[d.IdentityA].Images <= identities[d.IdentityB].Images ? (d.IdentityA, d.IdentityB) : (d.IdentityB, d.IdentityA);
            return new DuplicateNameDefect(DefectKeys.DuplicateName(d.IdentityA, d.IdentityB), source, identities[source].Name, identities[source].Images,
                target, identities[target].Name, identities[target].Images, d.CentroidDistance, Pair(d.Closest));
        }).Where(d => !dismissed.Contains(d.Key)).Take(Options.MaxPairs).ToList();

        var photos = result.SamePhotoConflicts.Where(c => identities.ContainsKey(c.IdentityId))
            .Select(c => new SamePhotoDefect(DefectKeys.SamePhoto(c.Faces), c.IdentityId, identities[c.IdentityId].Name, [.. c.Faces.Where(f => In(f, c.IdentityId)).Select(Image)]))
            .Where(c => !dismissed.Contains(c.Key) && c.Faces.Count >= 2).Take(Options.MaxPairs).ToList();

        var harmful = result.HarmfulTemplates.Where(h => In(h.FaceId, h.IdentityId))
            .Select(h => new HarmfulDefect(DefectKeys.Harmful(h.FaceId), Image(h.FaceId), h.IdentityId, h.Quality, h.FnmrBefore, h.FnmrAfter, h.FalseMatches))
            .Where(h => !dismissed.Contains(h.Key)).Take(Options.MaxPairs).ToList();

        return new DefectReport(status, zoo, mixed, names, photos, harmful);
    }

    private async Task<(GalleryAnalysisStatus Status, GalleryAnalysisResult? Result)> LoadAsync(int galleryId, CancellationToken ct) =>
        await analysis.LoadAsync(galleryId, withResult: true, ct) ?? throw new GalleryException("The gallery no longer exists (deleted meanwhile?).");

    private sealed record ImageNow(int IdentityId, bool Excluded, string ContentHash, string OriginalName, int PrimaryFaceIndex, string IdentityName, List<string> Tags);

    private static async Task<Dictionary<int, ImageNow>> ImagesAsync(PortalDbContext db, IEnumerable<int> imageIds, CancellationToken ct)
    {
        var ids = imageIds.Distinct().ToList();
        return await db.Images.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, Now = new ImageNow(i.IdentityId, i.Excluded, i.ContentHash, i.OriginalName, i.PrimaryFaceIndex, i.Identity!.Name, i.Tags) })
            .ToDictionaryAsync(i => i.Id, i => i.Now, ct);
    }

    private static async Task<Dictionary<int, string>> IdentityNamesAsync(PortalDbContext db, IEnumerable<int> identityIds, CancellationToken ct)
    {
        var ids = identityIds.Distinct().ToList();
        return await db.Identities.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
    }

    private sealed record IdentityNow(string Name, int Images);

    private static async Task<Dictionary<int, IdentityNow>> IdentitiesAsync(PortalDbContext db, IEnumerable<int> identityIds, CancellationToken ct)
    {
        var ids = identityIds.Distinct().ToList();
        return await db.Identities.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, Now = new IdentityNow(i.Name, i.Images.Count(m => !m.Excluded)) })
            .ToDictionaryAsync(i => i.Id, i => i.Now, ct);
    }
}

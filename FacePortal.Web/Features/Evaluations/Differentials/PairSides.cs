using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Evaluations.Differentials;

/// <summary>What the differentials need of a pair set: each pair's two images, each image's identity, tags and whether a face was found.</summary>
internal sealed class PairSides
{
    private readonly Dictionary<int, (int Identity, List<string> Tags, bool Failed)> _images;
    private readonly Dictionary<int, List<string>> _identityTags;

    public PairSides(Dictionary<int, (int ImageA, int ImageB)> pairs, Dictionary<int, (int Identity, List<string> Tags, bool Failed)> images, Dictionary<int, List<string>> identityTags, string? negativeSampling)
    {
        Pairs = pairs;
        _images = images;
        _identityTags = identityTags;
        NegativeSampling = negativeSampling;
    }

    /// <summary>Pair id to its two image ids.</summary>
    public Dictionary<int, (int ImageA, int ImageB)> Pairs { get; }

    /// <summary>
    /// How the pair set drew its impostors ("random", "hard", and the generator's later modes), or null for an imported
    /// set, which took its impostors from the file.
    /// </summary>
    public string? NegativeSampling { get; }

    public int IdentityOf(int imageId) => _images.TryGetValue(imageId, out var i) ? i.Identity : -1;

    /// <summary>No usable face: a failure to acquire.</summary>
    public bool Failed(int imageId) => _images.TryGetValue(imageId, out var i) && i.Failed;

    /// <summary>
    /// The side's tag with <paramref name="prefix"/>: its image's tag, else its identity's; null when neither has one.
    /// Two different such tags on the image (or, without one there, on the identity) are a conflict.
    /// </summary>
    public string? TagValue(int imageId, string prefix, out bool conflict)
    {
        conflict = false;
        if (!_images.TryGetValue(imageId, out var image))
        {
            return null;
        }
        var own = Matching(image.Tags, prefix);
        if (own.Count == 0 && _identityTags.TryGetValue(image.Identity, out var identity))
        {
            own = Matching(identity, prefix);
        }
        if (own.Count > 1)
        {
            conflict = true;
            return null;
        }
        return own.Count == 1 ? own[0] : null;
    }

    private static List<string> Matching(List<string> tags, string prefix) =>
        [.. tags.Where(t => t.Length > prefix.Length && t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal)];

    public static async Task<PairSides> LoadAsync(IDbContextFactory<PortalDbContext> databases, int pairSetId, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var set = await db.PairSets.AsNoTracking().Where(s => s.Id == pairSetId).Select(s => new { s.GalleryId, s.Parameters }).FirstAsync(ct);
        var pairs = await db.EvaluationPairs.AsNoTracking().Where(p => p.PairSetId == pairSetId)
            .Select(p => new { p.Id, p.ImageAId, p.ImageBId }).ToDictionaryAsync(p => p.Id, p => (p.ImageAId, p.ImageBId), ct);
        var used = pairs.Values.SelectMany(p => new[] { p.ImageAId, p.ImageBId }).ToHashSet();
        var images = (await db.Images.AsNoTracking().Where(i => i.GalleryId == set.GalleryId)
                .Select(i => new { i.Id, i.IdentityId, i.Tags, i.PrimaryFaceIndex, i.Outcome }).ToListAsync(ct))
            .Where(i => used.Contains(i.Id))
            .ToDictionary(i => i.Id, i => (i.IdentityId, i.Tags, i.PrimaryFaceIndex < 0 || i.Outcome is ImageOutcome.NoFace or ImageOutcome.FaceTooSmall or ImageOutcome.Unreadable));
        var identities = await db.Identities.AsNoTracking().Where(i => i.GalleryId == set.GalleryId)
            .Select(i => new { i.Id, i.Tags }).ToDictionaryAsync(i => i.Id, i => i.Tags, ct);
        return new PairSides(pairs, images, identities, PairSetParameters.Sampling(set.Parameters));
    }
}

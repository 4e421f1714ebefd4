using FacePortal.Web.Platform.Auth;
using System.Security.Claims;
using System.Text.Json;
using FacePortal.Engine.Evaluation;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.PairSets;

/// <summary>Pair sets from and to pairs files: imports an LFW pairs.txt or a CSV against a gallery, exports a set as either.</summary>
public sealed class PairSetFiles(IDbContextFactory<PortalDbContext> databases, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// An LFW pairs.txt (or a CSV pairs file with "identity/file.jpg" paths) against a gallery imported from the same
    /// folder: "Name/Name_0001.jpg" is the image of identity Name whose original file name is Name_0001.jpg.
    /// </summary>
    public async Task<PairSetSummary> ImportAsync(int galleryId, string text, string fileName, string? name, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var user = Editors.Require(caller);
        IReadOnlyList<VerificationPair> parsed;
        try
        {
            parsed = PairsFile.Parse(text, fileName);
        }
        catch (PairsFormatException e)
        {
            throw new PairSetException(e.Message);
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var gallery = await db.Galleries.AsNoTracking().FirstOrDefaultAsync(g => g.Id == galleryId, cancellationToken)
            ?? throw new PairSetException($"no gallery {galleryId}");
        var rows = await db.Images.AsNoTracking().Where(i => i.GalleryId == galleryId)
            .Select(i => new { i.Id, i.IdentityId, Identity = i.Identity!.Name, i.OriginalName, i.Outcome })
            .ToListAsync(cancellationToken);
        // A kept copy wins over a duplicate row of the same file.
        var ordered = rows.OrderBy(r => r.Outcome == ImageOutcome.Duplicate ? 1 : 0).ThenBy(r => r.Id).ToList();
        var byPath = new Dictionary<string, (int Id, int Identity)>(StringComparer.Ordinal);
        var byFile = new Dictionary<string, (int Id, int Identity)?>(StringComparer.Ordinal);
        foreach (var r in ordered)
        {
            byPath.TryAdd(RelativeImagePath.Of(r.Identity, r.OriginalName), (r.Id, r.IdentityId));
            var file = Path.GetFileName(r.OriginalName.Replace('\\', '/'));
            // Only a file name that is unique in the gallery may stand alone.
            if (!byFile.TryAdd(file, (r.Id, r.IdentityId)) && byFile[file]?.Id != r.Id)
            {
                byFile[file] = null;
            }
        }

        (int Id, int Identity)? Resolve(string path)
        {
            var parts = path.Split('/');
            var key = parts.Length >= 2 ? parts[^2] + "/" + parts[^1] : path;
            if (byPath.TryGetValue(key, out var hit))
            {
                return hit;
            }
            return byFile.GetValueOrDefault(parts[^1]);
        }

        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var pairs = new List<GeneratedPair>(parsed.Count);
        var identityOf = new Dictionary<int, int>();
        foreach (var p in parsed)
        {
            var a = Resolve(p.PathA);
            var b = Resolve(p.PathB);
            if (a is null)
            {
                missing.Add(p.PathA);
            }
            if (b is null)
            {
                missing.Add(p.PathB);
            }
            if (a is { } x && b is { } y)
            {
                identityOf[x.Id] = x.Identity;
                identityOf[y.Id] = y.Identity;
                pairs.Add(new GeneratedPair(x.Id, y.Id, p.Same, p.Fold));
            }
        }
        if (missing.Count > 0)
        {
            throw new PairSetException(
                $"{missing.Count} image(s) of {fileName} are not in gallery '{gallery.Name}', e.g. {string.Join(", ", missing.Take(5))}: import the same folder into the gallery first");
        }
        var set = new PairSet
        {
            GalleryId = galleryId,
            Name = string.IsNullOrWhiteSpace(name) ? $"{Path.GetFileNameWithoutExtension(fileName)} ({gallery.Name})" : name.Trim(),
            Source = "imported",
            Parameters = JsonSerializer.Serialize(new { file = fileName }, Json),
            FoldCount = parsed.Select(p => p.Fold).Distinct().Count(),
        };
        await PairSetStore.SaveAsync(db, set, pairs, identityOf, user, "pairset-import", $"imported pair set '{set.Name}' from {fileName}", time.GetUtcNow(), cancellationToken);
        return await PairSetStore.SummaryAsync(db, set.Id, cancellationToken);
    }

    /// <summary>CSV <c>fold,label,imageA,imageB</c> (label 1 = same identity; images as "identity/file.jpg").</summary>
    public async Task<string> ExportCsvAsync(int id, CancellationToken cancellationToken) =>
        PairsFileWriter.WriteCsv(await AllPairsAsync(id, cancellationToken));

    /// <summary>LFW's pairs.txt, for a set that fits that format (see <see cref="PairsFileWriter.TryWriteLfw"/>).</summary>
    public async Task<string> ExportLfwAsync(int id, CancellationToken cancellationToken) =>
        PairsFileWriter.TryWriteLfw(await AllPairsAsync(id, cancellationToken), out var text, out var error)
            ? text
            : throw new PairSetException(error + "; export this set as CSV");

    private async Task<List<VerificationPair>> AllPairsAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.PairSets.AnyAsync(s => s.Id == id, cancellationToken))
        {
            throw new KeyNotFoundException($"no pair set {id}");
        }
        var pairs = await db.EvaluationPairs.AsNoTracking().Where(p => p.PairSetId == id).OrderBy(p => p.Ordinal)
            .Select(p => new { p.Fold, p.Same, p.ImageAId, p.ImageBId }).ToListAsync(cancellationToken);
        var names = await db.Images.AsNoTracking().Where(i => db.EvaluationPairs.Any(p => p.PairSetId == id && (p.ImageAId == i.Id || p.ImageBId == i.Id)))
            .Select(i => new { i.Id, Identity = i.Identity!.Name, i.OriginalName }).ToListAsync(cancellationToken);
        var nameOf = names.ToDictionary(n => n.Id, n => RelativeImagePath.Of(n.Identity, n.OriginalName));
        return [.. pairs.Select(p => new VerificationPair(nameOf[p.ImageAId], nameOf[p.ImageBId], p.Same, p.Fold))];
    }
}

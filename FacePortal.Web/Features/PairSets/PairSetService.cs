using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FacePortal.Engine;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.PairSets;

/// <summary>Makes pair sets (generated from a gallery or imported from a pairs file), lists, pages and exports them.</summary>
public sealed partial class PairSetService(IDbContextFactory<PortalDbContext> databases, IOptions<FaceEngineOptions> engineOptions, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>"identity/file.jpg" for an image: the LFW layout, whatever folder the file was imported from.</summary>
    public static string RelativeName(string identity, string originalName) =>
        identity + "/" + Path.GetFileName(originalName.Replace('\\', '/'));

    public async Task<PairSetSummary> GenerateAsync(GeneratePairSetRequest request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var user = Editors.Require(caller);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var gallery = await db.Galleries.AsNoTracking().FirstOrDefaultAsync(g => g.Id == request.GalleryId, cancellationToken)
            ?? throw new PairSetException($"no gallery {request.GalleryId}");
        var sampling = request.NegativeSampling ?? NegativeSampling.Random;
        var images = await UsableImagesAsync(db, gallery.Id, request.RequireFace, cancellationToken);
        var metric = DistanceMetric.Euclidean;
        if (sampling == NegativeSampling.Hard && !request.AllVsAll)
        {
            (images, metric) = await WithDescriptorsAsync(db, images, cancellationToken);
        }
        var options = new PairSetGenerator.Options(
            request.Positives ?? PairSetGenerator.DefaultPositives, request.Negatives, request.Folds ?? PairSetGenerator.DefaultFolds,
            request.Seed ?? 1, request.MaxPairsPerIdentity ?? int.MaxValue, request.MinImagesPerIdentity ?? 1, sampling, request.AllVsAll, metric);
        var pairs = PairSetGenerator.Generate(images, options);
        if (pairs.Count == 0)
        {
            throw new PairSetException("the gallery gives no pairs with these settings");
        }
        var name = string.IsNullOrWhiteSpace(request.Name)
            ? request.AllVsAll ? $"{gallery.Name} all-vs-all" : $"{gallery.Name} seed {options.Seed}"
            : request.Name.Trim();
        var identityOf = images.ToDictionary(i => i.ImageId, i => i.IdentityId);
        var set = new PairSet
        {
            GalleryId = gallery.Id,
            Name = name,
            Source = request.AllVsAll ? "all-vs-all" : "generated",
            Parameters = JsonSerializer.Serialize(request with { Name = null }, Json),
            FoldCount = request.AllVsAll ? 1 : options.Folds,
        };
        await SaveAsync(db, set, pairs, identityOf, user, "pairset-generate", $"generated pair set '{name}'", cancellationToken);
        return (await GetAsync(set.Id, cancellationToken))!;
    }

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
            byPath.TryAdd(RelativeName(r.Identity, r.OriginalName), (r.Id, r.IdentityId));
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
        await SaveAsync(db, set, pairs, identityOf, user, "pairset-import", $"imported pair set '{set.Name}' from {fileName}", cancellationToken);
        return (await GetAsync(set.Id, cancellationToken))!;
    }

    /// <summary>The galleries a pair set can be drawn from, with their usable image counts.</summary>
    public async Task<IReadOnlyList<(int Id, string Name, int Images)>> GalleriesAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.Galleries.AsNoTracking().OrderBy(g => g.Name)
            .Select(g => new { g.Id, g.Name, Images = g.Images.Count(i => !i.Excluded) }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Id, r.Name, r.Images))];
    }

    /// <summary>How many genuine pairs <see cref="GenerateAsync"/> can draw from the gallery with these settings (the form warns before generating).</summary>
    public async Task<long> GenuineCapacityAsync(int galleryId, bool requireFace, int minImagesPerIdentity, int? maxPairsPerIdentity, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var images = await UsableImagesAsync(db, galleryId, requireFace, cancellationToken);
        return PairSetGenerator.GenuineCapacity(images, minImagesPerIdentity, maxPairsPerIdentity ?? int.MaxValue);
    }

    public async Task<IReadOnlyList<PairSetSummary>> ListAsync(int? galleryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.PairSets.AsNoTracking();
        if (galleryId is { } g)
        {
            query = query.Where(s => s.GalleryId == g);
        }
        var sets = await query.OrderByDescending(s => s.Id).Select(s => new { Set = s, Gallery = s.Gallery!.Name }).ToListAsync(cancellationToken);
        return [.. sets.Select(s => Summary(s.Set, s.Gallery))];
    }

    public async Task<PairSetSummary?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var s = await db.PairSets.AsNoTracking().Where(s => s.Id == id).Select(s => new { Set = s, Gallery = s.Gallery!.Name }).FirstOrDefaultAsync(cancellationToken);
        return s is null ? null : Summary(s.Set, s.Gallery);
    }

    /// <summary>A page of pairs in set order, optionally only one class or one fold.</summary>
    public async Task<IReadOnlyList<PairView>> GetPairsAsync(int id, int skip, int take, bool? same, int? fold, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.EvaluationPairs.AsNoTracking().Where(p => p.PairSetId == id);
        if (same is { } s)
        {
            query = query.Where(p => p.Same == s);
        }
        if (fold is { } f)
        {
            query = query.Where(p => p.Fold == f);
        }
        var page = await query.OrderBy(p => p.Ordinal).Skip(skip).Take(take).Select(p => new { p.Id, p.Ordinal, p.Fold, p.Same, p.ImageAId, p.ImageBId })
            .ToListAsync(cancellationToken);
        var images = await ImagesAsync(db, page.SelectMany(p => new[] { p.ImageAId, p.ImageBId }), cancellationToken);
        return [.. page.Select(p => new PairView(p.Id, p.Ordinal, p.Fold, p.Same, images[p.ImageAId], images[p.ImageBId]))];
    }

    public async Task<int> CountPairsAsync(int id, bool? same, int? fold, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.EvaluationPairs.Where(p => p.PairSetId == id && (same == null || p.Same == same) && (fold == null || p.Fold == fold)).CountAsync(cancellationToken);
    }

    /// <summary>The images behind a set of ids, as pages show them.</summary>
    public static async Task<Dictionary<int, PairImage>> ImagesAsync(PortalDbContext db, IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        var result = new Dictionary<int, PairImage>(wanted.Count);
        foreach (var chunk in wanted.Chunk(500))
        {
            var rows = await db.Images.AsNoTracking().Where(i => chunk.Contains(i.Id))
                .Select(i => new PairImage(i.Id, i.ContentHash, i.OriginalName, i.GalleryId, i.IdentityId, i.Identity!.Name, i.PrimaryFaceIndex, i.Excluded))
                .ToListAsync(cancellationToken);
            foreach (var r in rows)
            {
                result[r.ImageId] = r;
            }
        }
        return result;
    }

    /// <summary>CSV <c>fold,label,imageA,imageB</c> (label 1 = same identity; images as "identity/file.jpg").</summary>
    public async Task<string> ExportCsvAsync(int id, CancellationToken cancellationToken)
    {
        var pairs = await AllPairsAsync(id, cancellationToken);
        var csv = new StringBuilder("fold,label,imageA,imageB\n");
        foreach (var p in pairs)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{p.Fold},{(p.Same ? 1 : 0)},{Csv.Field(p.A)},{Csv.Field(p.B)}\n");
        }
        return csv.ToString();
    }

    /// <summary>
    /// LFW's pairs.txt: "folds count" then per fold count genuine lines "name i j" and count impostor lines
    /// "name1 i name2 j". Only a set whose folds all hold the same number of each class, with LFW file names
    /// (Name_0001.jpg), fits that format.
    /// </summary>
    public async Task<string> ExportLfwAsync(int id, CancellationToken cancellationToken)
    {
        var pairs = await AllPairsAsync(id, cancellationToken);
        var folds = pairs.GroupBy(p => p.Fold).OrderBy(g => g.Key).ToList();
        var perClass = folds[0].Count(p => p.Same);
        if (folds.Any(f => f.Count(p => p.Same) != perClass || f.Count(p => !p.Same) != perClass))
        {
            throw new PairSetException("pairs.txt needs the same number of genuine and impostor pairs in every fold; export this set as CSV");
        }
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{folds.Count}\t{perClass}\n");
        foreach (var fold in folds)
        {
            foreach (var p in fold.Where(p => p.Same))
            {
                var (name, i) = LfwName(p.A);
                var (_, j) = LfwName(p.B);
                text.Append(CultureInfo.InvariantCulture, $"{name}\t{i}\t{j}\n");
            }
            foreach (var p in fold.Where(p => !p.Same))
            {
                var (n1, i) = LfwName(p.A);
                var (n2, j) = LfwName(p.B);
                text.Append(CultureInfo.InvariantCulture, $"{n1}\t{i}\t{n2}\t{j}\n");
            }
        }
        return text.ToString();
    }

    public async Task<bool> DeleteAsync(int id, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var user = Editors.Require(caller);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var set = await db.PairSets.FindAsync([id], cancellationToken);
        if (set is null)
        {
            return false;
        }
        db.PairSets.Remove(set);
        ActivityLog.Record(db, time.GetUtcNow(), user, set.GalleryId, "pairset-delete", $"deleted pair set '{set.Name}'");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static (string Name, int Index) LfwName(string relative)
    {
        var m = LfwFile().Match(relative);
        if (!m.Success || m.Groups[1].Value != m.Groups[2].Value)
        {
            throw new PairSetException($"'{relative}' is not an LFW file name (Name/Name_0001.jpg); export this set as CSV");
        }
        return (m.Groups[1].Value, int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^([^/]+)/([^/]+)_(\d{4})\.jpe?g$", RegexOptions.IgnoreCase)]
    private static partial Regex LfwFile();

    private sealed record ExportPair(int Fold, bool Same, string A, string B);

    private async Task<List<ExportPair>> AllPairsAsync(int id, CancellationToken cancellationToken)
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
        var nameOf = names.ToDictionary(n => n.Id, n => RelativeName(n.Identity, n.OriginalName));
        return [.. pairs.Select(p => new ExportPair(p.Fold, p.Same, nameOf[p.ImageAId], nameOf[p.ImageBId]))];
    }

    private static async Task<List<PairSourceImage>> UsableImagesAsync(PortalDbContext db, int galleryId, bool requireFace, CancellationToken ct)
    {
        var query = db.Images.AsNoTracking().Where(i => i.GalleryId == galleryId && !i.Excluded
            && i.Outcome != ImageOutcome.Unreadable && i.Outcome != ImageOutcome.Duplicate);
        if (requireFace)
        {
            query = query.Where(i => i.PrimaryFaceIndex >= 0);
        }
        var rows = await query.Select(i => new { i.Id, i.IdentityId }).ToListAsync(ct);
        return [.. rows.Select(r => new PairSourceImage(r.Id, r.IdentityId))];
    }

    /// <summary>The stored primary-face descriptors of the images, for the pipeline signature most of them share.</summary>
    private async Task<(List<PairSourceImage>, DistanceMetric)> WithDescriptorsAsync(PortalDbContext db, List<PairSourceImage> images, CancellationToken ct)
    {
        var ids = images.Select(i => i.ImageId).ToHashSet();
        var faces = await db.Faces.AsNoTracking()
            .Where(f => f.Descriptor != null && f.Image!.PrimaryFaceIndex == f.Index && ids.Contains(f.ImageId))
            .Select(f => new { f.ImageId, f.DescriptorModel, f.Descriptor })
            .ToListAsync(ct);
        var signature = faces.GroupBy(f => f.DescriptorModel).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault()
            ?? throw new PairSetException("hard negatives need face descriptors, and no image of this gallery has one yet: run an evaluation or re-analyse the gallery first");
        var byImage = faces.Where(f => f.DescriptorModel == signature).ToDictionary(f => f.ImageId, f => f.Descriptor);
        var model = engineOptions.Value.EmbeddingModels.FirstOrDefault(m => signature.EndsWith("model=" + m.Signature, StringComparison.Ordinal));
        return ([.. images.Select(i => i with { Descriptor = byImage.GetValueOrDefault(i.ImageId) })], model?.Metric ?? DistanceMetric.Euclidean);
    }

    private async Task SaveAsync(PortalDbContext db, PairSet set, IReadOnlyList<GeneratedPair> pairs, Dictionary<int, int> identityOf, string? user,
        string action, string details, CancellationToken ct)
    {
        set.PositiveCount = pairs.Count(p => p.Same);
        set.NegativeCount = pairs.Count - set.PositiveCount;
        var usedImages = pairs.SelectMany(p => new[] { p.ImageA, p.ImageB }).ToHashSet();
        set.ImageCount = usedImages.Count;
        set.IdentityCount = usedImages.Select(i => identityOf[i]).Distinct().Count();
        set.CreatedAt = time.GetUtcNow();
        set.CreatedBy = user;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.PairSets.Add(set);
        ActivityLog.Record(db, set.CreatedAt, user ?? "system", set.GalleryId, action, $"{details}: {set.PositiveCount} genuine, {set.NegativeCount} impostor pairs");
        await db.SaveChangesAsync(ct);
        // Raw prepared inserts: an all-vs-all set can hold millions of pairs, far beyond what change tracking handles well.
        await using var cmd = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = (SqliteTransaction)tx.GetDbTransaction();
        cmd.CommandText = "INSERT INTO EvaluationPairs (PairSetId, Ordinal, Fold, Same, ImageAId, ImageBId) VALUES ($set, $ordinal, $fold, $same, $a, $b)";
        var pSet = cmd.Parameters.Add("$set", SqliteType.Integer);
        var pOrdinal = cmd.Parameters.Add("$ordinal", SqliteType.Integer);
        var pFold = cmd.Parameters.Add("$fold", SqliteType.Integer);
        var pSame = cmd.Parameters.Add("$same", SqliteType.Integer);
        var pA = cmd.Parameters.Add("$a", SqliteType.Integer);
        var pB = cmd.Parameters.Add("$b", SqliteType.Integer);
        pSet.Value = set.Id;
        cmd.Prepare();
        for (var k = 0; k < pairs.Count; k++)
        {
            var p = pairs[k];
            pOrdinal.Value = k;
            pFold.Value = p.Fold;
            pSame.Value = p.Same ? 1 : 0;
            pA.Value = p.ImageA;
            pB.Value = p.ImageB;
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private static PairSetSummary Summary(PairSet s, string gallery) => new(s.Id, s.GalleryId, gallery, s.Name, s.Source, s.FoldCount,
        s.PositiveCount, s.NegativeCount, s.IdentityCount, s.ImageCount, s.Parameters, s.CreatedBy, s.CreatedAt);
}

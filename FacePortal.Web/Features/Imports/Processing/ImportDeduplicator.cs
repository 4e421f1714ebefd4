using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>
/// Same bytes already in the gallery (as a readable image), or analysed earlier in this run and not written yet: a
/// duplicate, not stored twice. Within a batch the first copy is decoded; the others follow it (same bytes, same result).
/// </summary>
internal sealed class ImportDeduplicator
{
    private readonly Dictionary<string, Original> _existing;
    private readonly Dictionary<string, ImportWork> _firsts;

    private ImportDeduplicator(Dictionary<string, Original> existing, List<ImportWork> firsts)
    {
        _existing = existing;
        Firsts = firsts;
        _firsts = firsts.ToDictionary(w => w.Hash!);
    }

    /// <summary>The first copy of each content not yet in the gallery: the items to decode.</summary>
    public IReadOnlyList<ImportWork> Firsts { get; }

    /// <summary>The duplicates among <paramref name="read"/>; <paramref name="earlier"/>: readable images analysed earlier in this run, by hash (their rows may not be written yet).</summary>
    public static async Task<ImportDeduplicator> FindAsync(JobContext context, int galleryId, IReadOnlyList<ImportWork> read, IReadOnlyDictionary<string, Original> earlier, CancellationToken ct)
    {
        var hashes = read.Select(w => w.Hash!).Distinct().ToList();
        Dictionary<string, Original> existing;
        await using (var db = await context.Databases.CreateDbContextAsync(ct))
        {
            existing = (await db.Images.AsNoTracking()
                    .Where(i => i.GalleryId == galleryId && hashes.Contains(i.ContentHash) && i.Outcome != ImageOutcome.Duplicate && i.Outcome != ImageOutcome.Unreadable)
                    .OrderBy(i => i.Id)
                    .Select(i => new { i.ContentHash, i.OriginalName, Identity = i.Identity!.Name, i.Width, i.Height })
                    .ToListAsync(ct))
                .DistinctBy(i => i.ContentHash)
                .ToDictionary(i => i.ContentHash, i => new Original(i.OriginalName, i.Identity, i.Width, i.Height));
        }
        foreach (var hash in hashes)
        {
            if (!existing.ContainsKey(hash) && earlier.TryGetValue(hash, out var original))
            {
                existing[hash] = original;
            }
        }
        var firsts = read.Where(w => !existing.ContainsKey(w.Hash!)).DistinctBy(w => w.Hash).ToList();
        return new ImportDeduplicator(existing, firsts);
    }

    /// <summary>A readable image a later copy is a duplicate of.</summary>
    public sealed record Original(string Name, string Identity, int Width, int Height);

    /// <summary>After the firsts are decoded (or analysed): every other copy becomes a duplicate, or unreadable like its first.</summary>
    public void MarkCopies(IReadOnlyList<ImportWork> read)
    {
        foreach (var w in read)
        {
            if (_existing.TryGetValue(w.Hash!, out var original))
            {
                MarkDuplicate(w, original.Name, original.Identity, original.Width, original.Height);
            }
            else if (_firsts[w.Hash!] is var first && first != w)
            {
                if (first.Outcome != ImageOutcome.Unreadable)
                {
                    MarkDuplicate(w, first.Name, first.Item.Target, first.Width, first.Height);
                }
                else
                {
                    (w.Outcome, w.ImageError, w.Error) = (ImageOutcome.Unreadable, first.ImageError, first.ImageError);
                }
            }
        }
    }

    private static void MarkDuplicate(ImportWork w, string originalName, string identity, int width, int height)
    {
        w.Outcome = ImageOutcome.Duplicate;
        w.ImageError = $"same content as {originalName} ({identity})";
        (w.Width, w.Height) = (width, height);
    }
}

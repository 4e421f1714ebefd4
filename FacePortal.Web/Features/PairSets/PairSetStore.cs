using FacePortal.Web.Platform.Activity;
using FacePortal.Engine.Evaluation;
using FacePortal.Web.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FacePortal.Web.Features.PairSets;

/// <summary>What the pair-set services share: writing a new set with its pairs, and reading a set's summary.</summary>
internal static class PairSetStore
{
    /// <summary>Writes a new set, its pairs and the activity entry in one transaction; <paramref name="progress"/> gets the pairs written so far.</summary>
    public static async Task SaveAsync(PortalDbContext db, PairSet set, IReadOnlyList<GeneratedPair> pairs, Dictionary<int, int> identityOf, string? user,
        string action, string details, DateTimeOffset now, CancellationToken ct, IProgress<long>? progress = null)
    {
        set.PositiveCount = pairs.Count(p => p.Same);
        set.NegativeCount = pairs.Count - set.PositiveCount;
        var usedImages = pairs.SelectMany(p => new[] { p.ImageA, p.ImageB }).ToHashSet();
        set.ImageCount = usedImages.Count;
        set.IdentityCount = usedImages.Select(i => identityOf[i]).Distinct().Count();
        set.CreatedAt = now;
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
            if ((k & 4095) == 4095)
            {
                progress?.Report(k + 1);
            }
        }
        progress?.Report(pairs.Count);
        await tx.CommitAsync(ct);
    }

    /// <summary>The summary of a set just written (it exists).</summary>
    public static async Task<PairSetSummary> SummaryAsync(PortalDbContext db, int id, CancellationToken ct) =>
        (await FindSummaryAsync(db, id, ct))!;

    public static async Task<PairSetSummary?> FindSummaryAsync(PortalDbContext db, int id, CancellationToken ct)
    {
        var s = await db.PairSets.AsNoTracking().Where(s => s.Id == id).Select(s => new { Set = s, Gallery = s.Gallery!.Name }).FirstOrDefaultAsync(ct);
        return s is null ? null : Summary(s.Set, s.Gallery);
    }

    public static PairSetSummary Summary(PairSet s, string gallery) => new(s.Id, s.GalleryId, gallery, s.Name, s.Source, s.FoldCount,
        s.PositiveCount, s.NegativeCount, s.IdentityCount, s.ImageCount, s.Parameters, s.CreatedBy, s.CreatedAt, s.Sampling, s.ImpostorTagPrefix);
}

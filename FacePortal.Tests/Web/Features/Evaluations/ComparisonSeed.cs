using System.Globalization;
using System.Text;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.Evaluations;

/// <summary>
/// Two runs on one pair set with known decisions: ten identities (even ones tagged sex:F, odd ones sex:M), ten mated and
/// ten non-mated pairs. The first run separates them perfectly; the second scores the mated pairs of P00 and P01
/// lowest of all (P00's lowest), so at any target FAR it rejects exactly those two: two disagreements, P00's first.
/// </summary>
public static class ComparisonSeed
{
    public static async Task<(int SetId, int First, int Second, int[] MatedPairIds)> SeedAsync(IDbContextFactory<PortalDbContext> databases)
    {
        var gallery = await PortalTestDatabase.SeedGalleryAsync(databases, "cmp" + Guid.NewGuid().ToString("N")[..6], [.. Enumerable.Repeat(2, 10)],
            tags: p => [p % 2 == 0 ? "sex:F" : "sex:M"]);
        var text = new StringBuilder("1\t10\n");
        for (var i = 0; i < 10; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"P{i:D2}\t1\t2\n");
        }
        for (var i = 0; i < 10; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"P{i:D2}\t1\tP{(i + 2) % 10:D2}\t2\n");
        }
        var set = await new PairSetFiles(databases, TimeProvider.System).ImportAsync(gallery, text.ToString(), "pairs.txt", "compare", TestUsers.Operator, default);

        await using var db = await databases.CreateDbContextAsync();
        var pairs = await db.EvaluationPairs.Where(p => p.PairSetId == set.Id).OrderBy(p => p.Ordinal).ToListAsync();
        var first = new EvaluationRun { PairSetId = set.Id, Model = "face-api", Metric = "Euclidean", Total = pairs.Count, CreatedAt = DateTimeOffset.UtcNow };
        var second = new EvaluationRun { PairSetId = set.Id, Model = "other", Metric = "Euclidean", Total = pairs.Count, CreatedAt = DateTimeOffset.UtcNow };
        db.EvaluationRuns.AddRange(first, second);
        await db.SaveChangesAsync();
        var mated = pairs.Where(p => p.Same).ToArray();
        foreach (var p in pairs)
        {
            var good = p.Same ? -0.3 : -0.9;
            var bad = p == mated[0] ? -1.5 : p == mated[1] ? -1.2 : good;
            db.PairScores.Add(new PairScore { RunId = first.Id, PairId = p.Id, Same = p.Same, Score = good });
            db.PairScores.Add(new PairScore { RunId = second.Id, PairId = p.Id, Same = p.Same, Score = bad });
        }
        await db.SaveChangesAsync();
        return (set.Id, first.Id, second.Id, [.. mated.Select(p => p.Id)]);
    }
}

using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.Evaluations.Differentials;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Evaluations;

public class EvaluationCompareViewTests
{
    // The comparison runs on the thread pool: on a busy 2-core machine bunit's default 1 s wait is too short.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Render_TwoRunsOnOnePairSet_ShowsMcNemarTagsAndTheDisagreeingPairs()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (_, first, second, mated) = await ComparisonSeed.SeedAsync(db);
        var evaluations = EvaluationTestRuns.Service(db);
        var reports = new ReportCardService(db, evaluations);
        await using var ctx = PortalTestContext.Create(services: s =>
        {
            s.AddSingleton(evaluations);
            s.AddSingleton(new ModelComparisonService(db, evaluations, reports, new DifferentialService(db, evaluations)));
        });

        var cut = ctx.Render<EvaluationCompareView>(p => p.Add(c => c.RunIds, [first, second]));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=compare-significance]")), Wait);
        // Only the first run gets P00's and P01's mated pairs right: 2 discordant pairs, exact p = 2 x 0.5^2 = 0.5.
        Assert.Equal("0.5000", cut.Find("[data-testid=mcnemar-p]").TextContent.Trim());
        Assert.Contains("-20.00 pt", cut.Find("[data-testid=delta-tar]").TextContent);
        Assert.Contains("2 pairs decided differently", cut.Find("[data-testid=disagreement-count]").TextContent);
        var cards = cut.FindAll("[data-testid=disagreement-pair]");
        Assert.Equal(2, cards.Count);
        Assert.Contains("P00", cards[0].TextContent);
        Assert.Contains("#" + second + " other: rejects", cards[0].TextContent);
        Assert.Contains("/identities/", cards[0].QuerySelector("a")!.GetAttribute("href"));
        // Per tag: P00 is sex:F, P01 sex:M; each of the second run's misses counts in its own tag.
        var tags = cut.Find("[data-testid=compare-tags]").TextContent;
        Assert.Contains("sex:F", tags);
        Assert.Contains("20% (1/5)", tags);
        Assert.Contains("threshold for FAR 0.001", cut.Find("[data-testid=compare-operating-point]").TextContent);
        Assert.Equal(10, mated.Length);
    }

    [Fact]
    public async Task TargetFar_TypedBadly_SaysSoAndKeepsTheTable()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (_, first, second, _) = await ComparisonSeed.SeedAsync(db);
        var evaluations = EvaluationTestRuns.Service(db);
        await using var ctx = PortalTestContext.Create(services: s =>
        {
            s.AddSingleton(evaluations);
            s.AddSingleton(new ModelComparisonService(db, evaluations, new ReportCardService(db, evaluations), new DifferentialService(db, evaluations)));
        });
        var cut = ctx.Render<EvaluationCompareView>(p => p.Add(c => c.RunIds, [first, second]));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=compare-significance]")), Wait);

        cut.Find("input[data-testid=compare-target-far]").Change("2");

        cut.WaitForAssertion(() => Assert.Contains("not a FAR between 0 and 1", cut.Find("[data-testid=compare-error]").TextContent), Wait);
        Assert.NotEmpty(cut.FindAll("[data-testid=compare-table]"));

        cut.Find("input[data-testid=compare-target-far]").Change("0.1");
        cut.WaitForAssertion(() => Assert.Contains("threshold for FAR 0.1", cut.Find("[data-testid=compare-operating-point]").TextContent), Wait);
        Assert.Empty(cut.FindAll("[data-testid=compare-error]"));
    }
    [Fact]
    public async Task Render_ThreeRuns_PutsThemAtACommonThresholdAndTheSavedPointAndNamesIdenticalRuns()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (setId, first, second, _) = await ComparisonSeed.SeedAsync(db);
        int copy;
        await using (var data = await db.CreateDbContextAsync())
        {
            // A rerun of the first model: the same score on every pair, so its curves would hide the first run's.
            var run = new EvaluationRun { PairSetId = setId, Model = "face-api-rerun", Metric = "Euclidean", Total = 20, CreatedAt = DateTimeOffset.UtcNow };
            data.EvaluationRuns.Add(run);
            await data.SaveChangesAsync();
            foreach (var s in data.PairScores.AsNoTracking().Where(x => x.RunId == first).ToList())
            {
                data.PairScores.Add(new PairScore { RunId = run.Id, PairId = s.PairId, Same = s.Same, Score = s.Score });
            }
            data.OperatingPoints.Add(new OperatingPoint { Name = "strict", Model = "face-api", Metric = "Euclidean", Threshold = -0.35, Distance = 0.35, CreatedAt = DateTimeOffset.UtcNow });
            await data.SaveChangesAsync();
            copy = run.Id;
        }
        var evaluations = EvaluationTestRuns.Service(db);
        await using var ctx = PortalTestContext.Create(services: s =>
        {
            s.AddSingleton(evaluations);
            s.AddSingleton(new ModelComparisonService(db, evaluations, new ReportCardService(db, evaluations), new DifferentialService(db, evaluations)));
        });

        var cut = ctx.Render<EvaluationCompareView>(p => p.Add(c => c.RunIds, [first, second, copy]));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=compare-common-threshold] td")), Wait);

        Assert.Contains($"#{first} and #{copy} give the same score on every pair", Assert.Single(cut.FindAll("[data-testid=compare-identical]")).TextContent);
        // The first run has the saved point "strict" (distance 0.35): mated pairs at 0.3 pass, impostors at 0.9 fail.
        var saved = cut.FindAll("[data-testid=compare-saved-point] td");
        Assert.Contains("'strict': distance <= 0.35", saved[0].TextContent);
        Assert.Contains("FAR 0% (0/10), FRR 0% (0/10)", saved[0].TextContent);
        Assert.Contains("other has no saved operating point", saved[1].TextContent);

        // Common threshold in the shared metric (distance): at 1.0 every impostor (0.9) is accepted, and the second run
        // still rejects its two mated pairs at 1.2 and 1.5.
        cut.Find("input[data-testid=compare-common-input]").Change("1.0");
        cut.WaitForAssertion(() => Assert.Contains("FAR 100% (10/10), FRR 20% (2/10)", cut.FindAll("[data-testid=compare-common-threshold] td")[1].TextContent), Wait);
        Assert.Contains("FAR 100% (10/10), FRR 0% (0/10)", cut.FindAll("[data-testid=compare-common-threshold] td")[0].TextContent);

        cut.Find("input[data-testid=compare-common-input]").Change("-1");
        cut.WaitForAssertion(() => Assert.Contains("a distance cannot be negative", cut.Find("[data-testid=compare-common-threshold]").TextContent), Wait);
    }
}

using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.Evaluations.Differentials;
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
}

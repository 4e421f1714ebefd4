using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Evaluations.Differentials;
using FacePortal.Web.Platform.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Evaluations.Differentials;

public class DifferentialsViewTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Render_WithPrefix_SummaryHeatmapAndOneRowPerTag()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await StandardsTestData.SexScenarioAsync(db);
        await using var ctx = PortalTestContext.Create(Roles.Viewer, s => s.AddSingleton(new DifferentialService(db, EvaluationTestRuns.Service(db))));

        var cut = ctx.Render<DifferentialsView>(p => p.Add(c => c.RunId, seeded.RunId).Add(c => c.Prefix, "sex:"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=differential-group]").Count), Wait);
        var rows = cut.FindAll("[data-testid=differential-group]");
        Assert.StartsWith("sex:F", rows[0].TextContent.Trim(), StringComparison.Ordinal);
        // M: FTA one image of five, FNMR 1 of 3 with the few-errors mark, FMR 0 of 2 bounded by the rule of 3.
        Assert.Contains("20% (1)", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("(1/3) *", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("rule of 3", rows[1].TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=fmr-heatmap]"));
        Assert.Contains("distance <=", cut.Find("[data-testid=global-threshold]").TextContent, StringComparison.Ordinal);
        Assert.NotEqual("", cut.Find("[data-testid=fnmr-maxgeo]").TextContent.Trim());
        Assert.Contains("random impostors", cut.Find("[data-testid=negative-sampling]").TextContent, StringComparison.Ordinal);
        var mix = cut.Find("[data-testid=impostor-mix]").TextContent;
        // At the page's default FMR target 1e-3 nothing is accepted: four same-tag impostor pairs, two across tags.
        Assert.True(mix.Contains("(0/4)", StringComparison.Ordinal), mix);
        Assert.Contains("(0/2)", mix, StringComparison.Ordinal);
        Assert.Contains("sex:", cut.Find("[data-testid=known-prefixes]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_UnknownPrefix_SaysNoTagInsteadOfFigures()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await StandardsTestData.SexScenarioAsync(db);
        await using var ctx = PortalTestContext.Create(Roles.Viewer, s => s.AddSingleton(new DifferentialService(db, EvaluationTestRuns.Service(db))));

        var cut = ctx.Render<DifferentialsView>(p => p.Add(c => c.RunId, seeded.RunId).Add(c => c.Prefix, "region:"));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=differential-summary]")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=differential-group]"));
        Assert.Contains("n/a", cut.Find("[data-testid=fmr-maxgeo]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void HeatmapCells_ColouredByLog10RatioClamped_UnmeasuredBlank()
    {
        var summary = new DifferentialSummary(1, "m", "Euclidean", "sex:", 1e-3, -0.5, 0.5, "distance <= 0.5", 1e-3, 0.05, 10, 10, 0, 0, 0, null, 10, [],
            new DifferentialHeatmap(["a", "b"], [[1e-2, 0.0], [0.0, null]], [[100, 50], [50, 0]], [[1, 0], [0, 0]], [[1, null], [null, null]]), null, null);

        var cells = FmrHeatmap.Cells(summary);
        var texts = FmrHeatmap.Texts(summary);

        Assert.Equal(1.0, cells[0][0]);
        // Measured without a false accept: the "better" end of the scale; no pair at all: blank.
        Assert.Equal(-FmrHeatmap.Decades, cells[0][1]);
        Assert.Null(cells[1][1]);
        Assert.Equal("FMR 1e-2 (1/100)", texts[0][0]);
        Assert.Equal("FMR 0 (0/50)", texts[0][1]);
        Assert.Equal("no pairs", texts[1][1]);
    }
}

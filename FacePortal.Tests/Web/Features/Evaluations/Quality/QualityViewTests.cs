using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Evaluations.Quality;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Evaluations.Quality;

public class QualityViewTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static QualityService Service(PortalTestDatabase db) => QualityTestData.Service(db);

    [Fact]
    public async Task Render_CurvesMissingMeasures_ThenAGateFromTheCurveSaysWhatItBuys()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await QualityTestData.SmallFaceScenarioAsync(db);
        var service = Service(db);
        await using var ctx = PortalTestContext.Create(Roles.Operator, s => s.AddSingleton(service));

        var cut = ctx.Render<QualityView>(p => p.Add(c => c.RunId, seeded.RunId));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=edc-row]").Count), Wait);
        Assert.Contains("Face size", cut.FindAll("[data-testid=edc-row]")[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("OFIQ", cut.Find("[data-testid=quality-missing]").TextContent, StringComparison.Ordinal);
        Assert.Contains("No gate set", cut.Find("[data-testid=current-gate]").TextContent, StringComparison.Ordinal);

        // The scenario's threshold is the one for FMR 0.25 (the page starts at 1e-3).
        cut.Find("[data-testid=quality-target-fmr]").Input("0.25");
        await cut.InvokeAsync(() => cut.Find("[data-testid=compute-quality]").Click());
        cut.WaitForAssertion(() => Assert.Contains("FMR 2.5e-1", cut.Find("[data-testid=quality-threshold]").TextContent, StringComparison.Ordinal), Wait);
        cut.Find("[data-testid=gate-cut]").Input("20");
        await cut.InvokeAsync(() => cut.Find("[data-testid=weigh-gate]").Click());

        cut.WaitForAssertion(() => Assert.Equal("0%", cut.Find("[data-testid=fnmr-after]").TextContent.Trim()), Wait);
        Assert.Contains("25% of the pairs", cut.Find("[data-testid=gate-cost]").TextContent, StringComparison.Ordinal);

        await cut.InvokeAsync(() => cut.Find("[data-testid=set-gate]").Click());
        cut.WaitForAssertion(() => Assert.Contains("Face size at least 20", cut.Find("[data-testid=current-gate]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(20, service.GateOf(FacePortal.Tests.Web.Features.Evaluations.Differentials.StandardsTestData.Model)!.Cut);
    }

    [Fact]
    public async Task GateWarning_FaceBelowTheGate_Warns_PassingFaceSilent()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await QualityTestData.SmallFaceScenarioAsync(db);
        var service = Service(db);
        await service.SetGateAsync(seeded.RunId, QualityMeasures.FaceSize, 20, 0.25, TestUsers.Operator, default);
        await using var ctx = PortalTestContext.Create(Roles.Viewer, s => s.AddSingleton(service));
        var small = new AnalyzedFace(0, 0, 0, 12, 12, 0.9, [], [1, 0], true);
        var large = small with { Width = 80, Height = 80 };

        var warned = ctx.Render<QualityGateWarning>(p => p.Add(c => c.Model, "face-api").Add(c => c.A, large).Add(c => c.B, small));
        var silent = ctx.Render<QualityGateWarning>(p => p.Add(c => c.Model, "face-api").Add(c => c.A, large).Add(c => c.B, large));

        var text = warned.Find("[data-testid=quality-gate-warning]").TextContent;
        Assert.Contains("Image B: Face size 12 is below the quality gate's 20", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Image A", text, StringComparison.Ordinal);
        Assert.Empty(silent.FindAll("[data-testid=quality-gate-warning]"));
    }
}

using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Evaluations;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Features.Verification;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Data;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Verification;

/// <summary>The Verify page's calibration panel: "none" without a reference evaluation, FMR/FNMR and the chart with one.</summary>
[Collection(EngineCollection.Name)]
public sealed class VerifyCalibrationPageTests(EngineFixture fixture)
{
    private const string PairsTxt = "2\t2\nP00\t1\t2\nP01\t1\t3\nP00\t1\tP01\t1\nP02\t1\tP03\t2\nP02\t1\t2\nP03\t1\t2\nP00\t2\tP03\t1\nP01\t2\tP02\t2\n";

    private IRenderedComponent<Verify> Compare(BunitContext ctx)
    {
        var page = ctx.Render<Verify>();
        var bytes = File.ReadAllBytes(VerifyImages.Demo(2));
        page.FindComponents<InputFile>()[0].UploadFiles(InputFileContent.CreateFromBinary(bytes, "a.jpg"));
        page.FindComponents<InputFile>()[1].UploadFiles(InputFileContent.CreateFromBinary(bytes, "b.jpg"));
        page.WaitForAssertion(() => Assert.Equal("b.jpg", page.Find("[data-testid=b-name]").TextContent), TimeSpan.FromSeconds(10));
        page.Find("[data-testid=compare]").Click();
        page.WaitForElement("[data-testid=verdict]", TimeSpan.FromSeconds(60));
        return page;
    }

    private BunitContext Context(PortalTestDatabase db) => PortalTestContext.Create(services: s => s
        .AddSingleton(new VerificationService(new FaceAnalyzer(_ => Task.FromResult(fixture.Engine)), db, new GalleryImageLoader(db, db.Images)))
        .AddSingleton(new OperatingPointService(db, TimeProvider.System))
        .AddSingleton(EvaluationTestRuns.Calibration(db))
        .AddSingleton(FacePortal.Tests.Web.Features.Evaluations.Quality.QualityTestData.Service(db)));

    [Fact]
    public async Task Compare_NoReferenceEvaluation_SaysThereIsNone()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        await using var ctx = Context(db);

        var page = Compare(ctx);

        page.WaitForAssertion(() => Assert.Contains("No completed evaluation of face-api", page.Find("[data-testid=calibration-none]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=calibration-fmr]"));
    }

    [Fact]
    public async Task Compare_WithAReferenceEvaluation_ShowsFmrFnmrTheOperatingPointAndTheChart()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", [2, 3, 2, 2], (p, i) => [p, i * 0.1f, 0, 0], fixture.Engine.Pipeline.Signature);
        var set = await new PairSetFiles(db, TimeProvider.System).ImportAsync(gallery, PairsTxt, "pairs.txt", null, TestUsers.Operator, default);
        var (started, _) = await EvaluationTestRuns.StartAsync(db, set.Id);
        await EvaluationTestRuns.RunJobAsync(db, fixture.Host, started.JobId);
        await using (var c = db.CreateDbContext())
        {
            // As the job runner would leave it.
            await c.Jobs.Where(j => j.Id == started.JobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Completed));
        }
        await using var ctx = Context(db);

        var page = Compare(ctx);

        // The same image twice: no impostor of the reference reaches the score, every genuine lies below it.
        page.WaitForAssertion(() => Assert.StartsWith("0% [0%, 0%] (0 / 4), no errors: at most 75% (rule of 3)", page.Find("[data-testid=calibration-fmr]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.StartsWith("100% [", page.Find("[data-testid=calibration-fnmr]").TextContent.Trim());
        Assert.Contains("the model's configured threshold", page.Find("[data-testid=calibration-operating-point]").TextContent);
        Assert.Contains("100% of mated", page.Find("[data-testid=calibration-position]").TextContent);
        Assert.NotNull(page.Find("[data-testid=calibration-chart]"));
    }
}

using System.Text.Json;
using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Evaluations;

/// <summary>Failures to acquire and enrol, and the subject-level bootstrap intervals, as the evaluation job stores them and the report card shows them.</summary>
[Collection(EngineCollection.Name)]
public class EvaluationStandardsTests(EngineFixture fixture)
{
    // Identity p, image i: a point near (p, 0, 0, 0); genuine pairs are 0.1-0.2 apart, impostors 1 or more.
    private static float[] Descriptor(int p, int i) => [p, i * 0.1f, 0, 0];

    // Ordinal 1 is the only pair with P01_0003; P03's images are in ordinals 3, 5 and 6.
    private const string PairsTxt = "2\t2\nP00\t1\t2\nP01\t1\t3\nP00\t1\tP01\t1\nP02\t1\tP03\t2\nP02\t1\t2\nP03\t1\t2\nP00\t2\tP03\t1\nP01\t2\tP02\t2\n";

    private async Task<int> SeedAsync(PortalTestDatabase db, params string[] withoutFace)
    {
        var gallery = await db.SeedGalleryAsync("g", [2, 3, 2, 2], Descriptor, fixture.Engine.Pipeline.Signature);
        await using (var c = db.CreateDbContext())
        {
            foreach (var name in withoutFace)
            {
                var image = await c.Images.Include(i => i.Faces).SingleAsync(i => i.OriginalName.EndsWith(name));
                image.Outcome = ImageOutcome.NoFace;
                image.PrimaryFaceIndex = -1;
                image.Faces.Clear();
            }
            await c.SaveChangesAsync();
        }
        return (await new PairSetFiles(db, TimeProvider.System).ImportAsync(gallery, PairsTxt, "pairs.txt", null, TestUsers.Operator, default)).Id;
    }

    private async Task<(ReportCard Card, EvaluationService Service, int RunId)> EvaluateAsync(PortalTestDatabase db, int setId, JobNotifier? notifier = null)
    {
        var (started, service) = await EvaluationTestRuns.StartAsync(db, setId);
        await EvaluationTestRuns.RunJobAsync(db, fixture.Host, started.JobId, notifier);
        return ((await new ReportCardService(db, service).GetAsync(started.Id, default))!, service, started.Id);
    }

    [Fact]
    public async Task RunAsync_ImageWithoutFace_CountsAFailureToAcquireAndLeavesItsPairOutOfFmrFnmr()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var setId = await SeedAsync(db, "P01_0003.jpg");

        var (card, _, _) = await EvaluateAsync(db, setId);

        Assert.True(card.StandardsAvailable);
        var f = card.Failures!;
        Assert.Equal((1, 9, 0, 4), (f.FailuresToAcquire, f.Samples, f.FailuresToEnrol, f.Subjects));
        Assert.Equal(1.0 / 9, f.FailureToAcquireRate, 12);
        Assert.Equal(new Dictionary<string, int> { ["no face"] = 1 }, f.Reasons);
        Assert.EndsWith("P01_0003.jpg", Assert.Single(f.Examples).Name);
        // 8 comparisons, 7 with both templates: 3 mated, 4 non-mated.
        Assert.Equal((8, 7, 3, 4), (card.DataSummary.Comparisons, card.DataSummary.ComparisonsWithBothTemplates, card.DataSummary.MatedComparisonsWithBothTemplates, card.DataSummary.NonMatedComparisonsWithBothTemplates));
        var v = card.Verification!;
        Assert.Equal((0L, 4L), (v.FalseMatchRate.Errors, v.FalseMatchRate.Trials));
        Assert.Equal((0L, 3L), (v.FalseNonMatchRate.Errors, v.FalseNonMatchRate.Trials));
        // The failed genuine pair is not a false non-match: with both templates the classes separate.
        Assert.Equal(0.0, v.FalseNonMatchRate.Estimate!.Value);
        Assert.Equal(0.75, v.FalseMatchRate.RuleOfThreeUpper!.Value);
        Assert.Equal(1.0, v.FalseNonMatchRate.RuleOfThreeUpper!.Value);
        Assert.True(v.FalseMatchRate.FewErrors);
        // System level, failures included: FRR = FTA + FNMR x (1 - FTA), FAR = FMR x (1 - FTA).
        Assert.Equal(1.0 / 9, card.System!.FalseRejectRate, 12);
        Assert.Equal(0, card.System.FalseAcceptRate);
        // Four non-mated comparisons cannot measure FMR 1e-3: the threshold is the EER's, and says so.
        Assert.Contains("EER", card.DecisionThreshold!.Rule);
        Assert.All(v.TrueMatchRateAtFalseMatchRate, t => Assert.False(t.Measurable));
        // The LFW figure keeps all 8 pairs (the failed one scored as a non-match).
        Assert.Equal(8, card.LfwConvention!.Comparisons);
        Assert.Equal(7.0 / 8, card.LfwConvention.Accuracy, 12);
    }

    [Fact]
    public async Task RunAsync_EveryImageOfAnIdentityWithoutFace_CountsAFailureToEnrol()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var setId = await SeedAsync(db, "P03_0001.jpg", "P03_0002.jpg");

        var (card, _, _) = await EvaluateAsync(db, setId);

        var f = card.Failures!;
        Assert.Equal((2, 9, 1, 4), (f.FailuresToAcquire, f.Samples, f.FailuresToEnrol, f.Subjects));
        Assert.Equal(0.25, f.FailureToEnrolRate);
        Assert.Equal(5, card.DataSummary.ComparisonsWithBothTemplates);
        Assert.Equal(2.0 / 9, card.System!.FalseRejectRate, 12);
    }

    [Fact]
    public async Task RunAsync_ReportsBootstrapProgressAndStoresTheSameIntervalsForTheSameSeed()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var setId = await SeedAsync(db);
        var notifier = new JobNotifier();
        var feed = notifier.Subscribe();

        var (first, _, _) = await EvaluateAsync(db, setId, notifier);
        var (second, _, _) = await EvaluateAsync(db, setId);

        feed.Dispose();
        var messages = new List<string?>();
        await foreach (var batch in feed.ReadBatchesAsync(CancellationToken.None))
        {
            messages.AddRange(batch.Select(p => p.Message));
        }
        Assert.Contains($"subject-level bootstrap intervals (200 resamples, seed 1) at the report threshold and {first.ErrorRateCurve.Count} curve thresholds", messages);
        Assert.Contains("FTA 0 of 9 images", messages[^1]);
        Assert.Equal(200, first.Uncertainty!.Resamples);
        Assert.Equal(4, first.Uncertainty.Subjects);
        Assert.NotEmpty(first.ErrorRateCurve);
        Assert.Equal(JsonSerializer.Serialize(first.Verification), JsonSerializer.Serialize(second.Verification));
        Assert.Equal(first.ErrorRateCurve, second.ErrorRateCurve);
        // The curve's thresholds rise and FMR falls along them.
        Assert.Equal(first.ErrorRateCurve.Select(c => c.Threshold).Order(), first.ErrorRateCurve.Select(c => c.Threshold));
        Assert.Equal(first.ErrorRateCurve.Select(c => c.FalseMatchRate.Estimate).OrderDescending(), first.ErrorRateCurve.Select(c => c.FalseMatchRate.Estimate));
    }

    [Fact]
    public async Task ReportCard_RunStoredBeforeTheStandards_StillOpensAndSaysWhy()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var setId = await SeedAsync(db);
        var (_, service, runId) = await EvaluateAsync(db, setId);
        await using (var c = db.CreateDbContext())
        {
            await c.EvaluationRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Standards, (string?)null));
        }
        var reports = new ReportCardService(db, service);

        var card = (await reports.GetAsync(runId, default))!;

        Assert.False(card.StandardsAvailable);
        Assert.Contains("stored before", card.StandardsNote);
        Assert.Null(card.Failures);
        Assert.Equal(1.0, card.LfwConvention!.Accuracy);
        await using var ctx = PortalTestContext.Create(services: s => s.AddSingleton(service).AddSingleton(reports).AddSingleton(new OperatingPointService(db, TimeProvider.System)));
        var cut = ctx.Render<EvaluationReportView>(p => p.Add(c => c.RunId, runId));
        cut.WaitForAssertion(() => Assert.Contains("stored before", cut.Find("[data-testid=standards-missing]").TextContent));
        Assert.NotNull(cut.Find("[data-testid=report-det]"));
    }

    [Fact]
    public async Task ReportView_FinishedRun_ShowsFailuresRatesSideBySideIntervalsAndTheFewErrorsMark()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var setId = await SeedAsync(db, "P01_0003.jpg");
        var (_, service, runId) = await EvaluateAsync(db, setId);
        await using var ctx = PortalTestContext.Create(services: s => s.AddSingleton(service).AddSingleton(new ReportCardService(db, service))
            .AddSingleton(new OperatingPointService(db, TimeProvider.System)));

        var cut = ctx.Render<EvaluationReportView>(p => p.Add(c => c.RunId, runId));

        cut.WaitForAssertion(() => Assert.Contains("1 of 9 images", cut.Find("[data-testid=fta]").TextContent));
        Assert.Contains("0 of 4 identities", cut.Find("[data-testid=fte]").TextContent);
        Assert.Contains("FMR 0% [0%, 0%] (0 / 4), no errors: at most 75% (rule of 3)", cut.Find("[data-testid=fmr]").TextContent);
        Assert.Contains("FRR 11.11%", cut.Find("[data-testid=frr]").TextContent);
        Assert.NotEmpty(cut.FindAll("[data-testid=few-errors]"));
        Assert.Contains("200 resamples of 4 identities", cut.Find("[data-testid=intervals-method]").TextContent);
        Assert.Contains("LFW convention", cut.Find("[data-testid=lfw-convention]").TextContent);
        Assert.Contains(fixture.Engine.Pipeline.Signature, cut.Find("[data-testid=pipeline-signature]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=report-rates]"));
        // The decision: readable pipeline settings, the threshold's confusion matrix (it counts every scored pair), errors.
        Assert.Contains("flip averaging", cut.Find("[data-testid=report-pipeline]").TextContent);
        Assert.Contains("detector", cut.Find("[data-testid=report-pipeline]").TextContent);
        var counts = new[] { "tp", "fn", "fp", "tn" }.Sum(k => int.Parse(cut.Find($"[data-testid=report-{k}]").TextContent.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        var scores = await service.ScoresAsync(runId, default);
        Assert.Equal(scores.Count, counts);
        Assert.NotNull(cut.Find("[data-testid=report-errors]"));
        Assert.NotNull(cut.Find("[data-testid=report-no-points]"));
    }

    [Fact]
    public void PipelineFields_Signature_NamesEachSettingAndKeepsTheRawString()
    {
        var signature = new FacePortal.Engine.Pipeline.PipelineOptions().Signature(FacePortal.Engine.Recognition.EmbeddingModelOptions.FaceApi);

        var fields = ReportDecision.PipelineFields(signature).ToDictionary(f => f.Name, f => f.Value);

        Assert.StartsWith("tiny", fields["detector"]);
        Assert.Contains("face-api", fields["model"]);
        Assert.Contains("128-d", fields["model"]);
        Assert.Equal(signature, fields["signature"]);
        Assert.Contains("not recorded", ReportDecision.PipelineFields(null).Single().Value);
    }
}

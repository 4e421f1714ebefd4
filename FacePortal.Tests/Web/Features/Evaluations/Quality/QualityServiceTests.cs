using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.Evaluations.Quality;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.Evaluations.Quality;

public class QualityServiceTests
{
    private static QualityService Service(PortalTestDatabase db) => QualityTestData.Service(db);

    private static QualityGateStore Store(PortalTestDatabase db) => new(Microsoft.Extensions.Options.Options.Create(new PortalOptions { DataDirectory = db.Folder }));

    [Fact]
    public async Task Summary_SmallFace_FaceSizeAndNormCurvesFallToNoFalseReject()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await QualityTestData.SmallFaceScenarioAsync(db);

        var s = (await Service(db).SummaryAsync(seeded.RunId, 0.25, 0.25, null, null, default))!;

        Assert.Equal([QualityMeasures.FaceSize, QualityMeasures.EmbeddingNorm], s.Curves.Select(c => c.Measure));
        var size = s.Curves[0];
        Assert.Equal(QualityService.Steps + 1, size.DiscardFractions.Count);
        Assert.Equal(0.25, size.Fnmr[0], 12);
        Assert.Equal(0.25, size.Fmr[0], 12);
        // At 25% the two pairs with the small face are gone: no false reject left, the false accept now 1 of 3.
        Assert.Equal(0.25, size.DiscardFractions[^1], 12);
        Assert.Equal(0, size.Fnmr[^1]);
        Assert.Equal(1.0 / 3, size.Fmr[^1], 12);
        // The lowest quality kept there: 50 px (the small face's pairs, at 10 px, are below it).
        Assert.Equal(50, size.Cuts[^1]);
        Assert.Equal(10, size.Cuts[0]);
        Assert.True(size.FnmrAreaRatio < 1);
        Assert.True(size.FmrAreaRatio > 1);
    }

    [Fact]
    public async Task Summary_MeasuresThatDoNotVaryOrAreNotStored_ListedAsMissingWithTheReason()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await QualityTestData.SmallFaceScenarioAsync(db);

        var s = (await Service(db).SummaryAsync(seeded.RunId, 0.25, 0.2, null, null, default))!;

        Assert.Contains(s.Missing, m => m.StartsWith("Detector score: the same for every face", StringComparison.Ordinal));
        Assert.Contains(s.Missing, m => m.StartsWith("Sharpness: the same for every face", StringComparison.Ordinal));
        Assert.Contains(s.Missing, m => m.StartsWith("Inter-eye distance: not stored", StringComparison.Ordinal));
        Assert.Contains(s.Missing, m => m.StartsWith("Frontality: not stored", StringComparison.Ordinal));
        Assert.Contains(s.Missing, m => m.Contains("OFIQ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Summary_GateAsked_SaysWhatItBuysAndCosts()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await QualityTestData.SmallFaceScenarioAsync(db);

        var e = (await Service(db).SummaryAsync(seeded.RunId, 0.25, 0.2, QualityMeasures.FaceSize, 20, default))!.Effect!;

        Assert.Equal((0.25, 0.25), (e.FnmrBefore, e.FmrBefore));
        Assert.Equal(0, e.FnmrAfter);
        Assert.Equal(1.0 / 3, e.FmrAfter, 12);
        Assert.Equal((3, 3), (e.GenuineKept, e.ImpostorKept));
        Assert.Equal(0.25, e.DiscardedPairs, 12);
        Assert.Equal(1.0 / 8, e.FacesBelow, 12);
    }

    [Fact]
    public async Task Summary_BadRequests_SayWhy()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await QualityTestData.SmallFaceScenarioAsync(db);
        var service = Service(db);

        Assert.Contains("known:", (await Assert.ThrowsAsync<EvaluationException>(() => service.SummaryAsync(seeded.RunId, 1e-3, 0.2, "colour", 1, default))).Message);
        Assert.Contains("discard limit", (await Assert.ThrowsAsync<EvaluationException>(() => service.SummaryAsync(seeded.RunId, 1e-3, 1, null, null, default))).Message);
        Assert.Null(await service.SummaryAsync(seeded.RunId + 50, 1e-3, 0.2, null, null, default));
    }

    [Fact]
    public async Task SetGate_Viewer_Refused_OperatorStoredRecordedAndReadBack()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await QualityTestData.SmallFaceScenarioAsync(db);
        var service = Service(db);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.SetGateAsync(seeded.RunId, QualityMeasures.FaceSize, 20, 0.25, TestUsers.Viewer, default));
        var gate = await service.SetGateAsync(seeded.RunId, QualityMeasures.FaceSize, 20, 0.25, TestUsers.Operator, default);

        Assert.Equal((StandardsTestDataModel, 20.0, seeded.RunId), (gate.Model, gate.Cut, gate.RunId));
        Assert.Equal(0, gate.Effect.FnmrAfter);
        // A fresh store (as after a restart) reads it from the data folder.
        var reread = Store(db).Get(StandardsTestDataModel)!;
        Assert.Equal(gate.Measure, reread.Measure);
        Assert.Equal(gate.Cut, reread.Cut);
        await using var c = db.CreateDbContext();
        Assert.Contains(await c.Activity.Select(a => a.Details).ToListAsync(), d => d.Contains("quality gate for face-api: Face size >= 20", StringComparison.Ordinal));
        // The summary now weighs the stored gate without being asked.
        Assert.Equal(20, (await service.SummaryAsync(seeded.RunId, 0.25, 0.2, null, null, default))!.Effect!.Cut);

        Assert.True(await service.ClearGateAsync(StandardsTestDataModel, TestUsers.Operator, default));
        Assert.Null(Store(db).Get(StandardsTestDataModel));
        Assert.False(await service.ClearGateAsync(StandardsTestDataModel, TestUsers.Operator, default));
    }

    [Fact]
    public async Task SetGate_MeasureThatDoesNotVary_Refused()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await QualityTestData.SmallFaceScenarioAsync(db);

        var e = await Assert.ThrowsAsync<EvaluationException>(() => Service(db).SetGateAsync(seeded.RunId, QualityMeasures.Sharpness, 50, 0.25, TestUsers.Operator, default));

        Assert.Contains("the same for every face", e.Message);
    }

    [Fact]
    public async Task GateChecks_GalleryFlagsTheSmallFace_VerifyFaceBelowAndAbove()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await QualityTestData.SmallFaceScenarioAsync(db);
        var service = Service(db);
        await service.SetGateAsync(seeded.RunId, QualityMeasures.FaceSize, 20, 0.25, TestUsers.Operator, default);

        var flags = Assert.Single(await service.GalleryFlagsAsync(seeded.GalleryId, 5, default));
        Assert.Equal((8, 1), (flags.Measured, flags.Below));
        Assert.Equal(seeded.Images["G4b"], Assert.Single(flags.Worst).ImageId);

        var small = new AnalyzedFace(0, 0, 0, 12, 12, 0.9, [], [1, 0], true);
        var large = small with { Width = 80, Height = 80 };
        Assert.Contains("Face size 12 is below the quality gate's 20", service.BelowGate(StandardsTestDataModel, FaceQuality.Of(small)));
        Assert.Null(service.BelowGate(StandardsTestDataModel, FaceQuality.Of(large)));
        Assert.Null(service.BelowGate("another-model", FaceQuality.Of(small)));
    }

    [Fact]
    public void FaceQuality_InterEyeDistance_BetweenTheEyeCentres()
    {
        var landmarks = new float[136];
        for (var i = 36; i < 42; i++)
        {
            (landmarks[2 * i], landmarks[(2 * i) + 1]) = (100 + i - 36, 50);
            (landmarks[2 * (i + 6)], landmarks[(2 * (i + 6)) + 1]) = (130 + i - 36, 90);
        }

        // Centres (102.5, 50) and (132.5, 90): 30 across, 40 down.
        Assert.Equal(50, FaceQuality.InterEye(landmarks), 5);
        Assert.True(double.IsNaN(FaceQuality.InterEye([])));
    }

    private const string StandardsTestDataModel = FacePortal.Tests.Web.Features.Evaluations.Differentials.StandardsTestData.Model;
}

using FacePortal.Engine.Evaluation;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.Evaluations.Differentials;

namespace FacePortal.Tests.Web.Features.Evaluations.Differentials;

public class DifferentialServiceTests
{
    private const int Resamples = 50;

    private static DifferentialService Service(PortalTestDatabase db) => new(db, EvaluationTestRuns.Service(db));

    [Fact]
    public async Task Compute_SexScenario_HandWorkedRatesHeatmapFtaAndMaxOverGeoMean()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await StandardsTestData.SexScenarioAsync(db);

        var s = (await Service(db).ComputeAsync(seeded.RunId, "sex", 0.3, default, Resamples))!;

        Assert.Equal("sex:", s.Prefix);
        Assert.Equal(12, s.Pairs);
        Assert.Equal(2.0 / 7, s.GlobalFmr, 12);
        Assert.Equal(2.0 / 5, s.GlobalFnmr, 12);
        Assert.Equal(["sex:F", "sex:M"], s.Heatmap.Labels);
        var f = s.Groups.Single(g => g.Tag == "sex:F");
        var m = s.Groups.Single(g => g.Tag == "sex:M");
        Assert.Equal((1, 2), (f.Fnmr!.Errors, f.Fnmr.Trials));
        Assert.Equal((1, 2), (f.Fmr!.Errors, f.Fmr.Trials));
        Assert.Equal((1, 3), (m.Fnmr!.Errors, m.Fnmr.Trials));
        Assert.Equal((0, 2), (m.Fmr!.Errors, m.Fmr.Trials));
        // 3 / 2 trials, bounded by 1.
        Assert.Equal(1.0, m.Fmr.RuleOfThreeUpper!.Value, 12);
        Assert.True(f.Fnmr.FewErrors);
        // Failures to acquire: one of M's five images has no face; F's four all have one.
        Assert.Equal((5, 1, 0.2), (m.Images, m.FailedImages, m.Fta));
        Assert.Equal((4, 0), (f.Images, f.FailedImages));
        Assert.Equal((2, 2), (f.Identities, m.Identities));
        Assert.Equal((2, 2, 3, 2), (f.GenuinePairs, f.ImpostorPairs, m.GenuinePairs, m.ImpostorPairs));
        // Heatmap: F x F 1/2, M x M 0/2, F x M 0/2 (symmetric); log10(0.5 / 0.3) for F x F, none where nothing was accepted.
        Assert.Equal(0.5, s.Heatmap.Fmr[0][0]);
        Assert.Equal(0.0, s.Heatmap.Fmr[1][1]);
        Assert.Equal(0.0, s.Heatmap.Fmr[0][1]);
        Assert.Equal(s.Heatmap.Impostors[0][1], s.Heatmap.Impostors[1][0]);
        Assert.Equal(2, s.Heatmap.Impostors[0][1]);
        Assert.Equal(1, s.Heatmap.FalseAccepts[0][0]);
        Assert.Equal(Math.Log10(0.5 / 0.3), s.Heatmap.Log10RatioToTarget[0][0]!.Value, 12);
        Assert.Null(s.Heatmap.Log10RatioToTarget[1][1]);
        // Matched (same-tag) impostors: F x F and M x M, 1 of 4 accepted; cross-tag: 0 of 2.
        Assert.Equal(new ImpostorMix(4, 1, 2, 0), s.Impostors);
        Assert.Equal(0.25, s.Impostors.SameTagFmr);
        Assert.Equal(0.0, s.Impostors.CrossTagFmr);
        Assert.Null(s.Impostors.SameOverCross);
        // FNMR 1/2 and 1/3: max over their geometric mean = sqrt(1.5); FMR 1/2 and 0 (half an error in 2) = sqrt(2).
        Assert.Equal(Math.Sqrt(1.5), s.FnmrMaxOverGeoMean!.Value, 9);
        Assert.Equal(Math.Sqrt(2), s.FmrMaxOverGeoMean!.Value, 9);
        // The untagged person's one side, no conflict; 11 pairs have both sides tagged, 2 impostors cross F and M.
        Assert.Equal((1, 0, 11, 2), (s.UntaggedSides, s.ConflictingSides, s.TaggedPairs, s.CrossTagImpostorPairs));
        Assert.Equal("random", s.NegativeSampling);
    }

    [Fact]
    public async Task Compute_Threshold_IsTheGlobalOneForTheTargetOverAllPairs()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await StandardsTestData.SexScenarioAsync(db);
        var scores = await EvaluationTestRuns.Service(db).ScoresAsync(seeded.RunId, default);

        var s = (await Service(db).ComputeAsync(seeded.RunId, "sex:", 0.3, default, Resamples))!;

        Assert.Equal(VerificationEvaluator.TarAtFar(scores.Sorted!, 0.3).Threshold, s.Threshold);
        Assert.Equal(-s.Threshold!.Value, s.ThresholdValue);
        Assert.Contains("distance <=", s.ThresholdRule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compute_Distributions_SharesOfEachTagsScoredPairsOverSharedBins()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await StandardsTestData.SexScenarioAsync(db);

        var s = (await Service(db).ComputeAsync(seeded.RunId, "sex:", 0.3, default, Resamples))!;

        var m = s.Groups.Single(g => g.Tag == "sex:M");
        // The pair without a face is left out of the distribution: two of M's three genuine pairs are drawn.
        Assert.Equal(2, m.GenuineScores.Pairs);
        Assert.Equal(1.0, m.GenuineScores.Shares.Sum(), 12);
        Assert.Equal(DifferentialService.HistogramBins, m.GenuineScores.BinCentres.Count);
        Assert.Equal(s.Groups[0].GenuineScores.BinCentres, m.ImpostorScores.BinCentres);
        // Distances (minus the scores) run from -0.85 to 0 here.
        Assert.InRange(m.GenuineScores.BinCentres[0], -0.85, -0.8);
    }

    [Fact]
    public async Task Compute_SameRequestTwice_CachedUntilMoreScoresArrive()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await StandardsTestData.SexScenarioAsync(db);
        var service = Service(db);

        var first = await service.ComputeAsync(seeded.RunId, "sex:", 0.3, default, Resamples);
        var again = await service.ComputeAsync(seeded.RunId, "sex", 0.3, default, Resamples);
        var otherTarget = await service.ComputeAsync(seeded.RunId, "sex:", 0.2, default, Resamples);

        Assert.Same(first, again);
        Assert.NotSame(first, otherTarget);
        // One false accept allowed: the same genuine accepts are reached higher up, above every impostor.
        Assert.Equal(0, otherTarget!.GlobalFmr);
        Assert.True(otherTarget.Threshold > first!.Threshold);
    }

    [Fact]
    public async Task Compute_CancelledToken_ThrowsAndCachesNothing()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await StandardsTestData.SexScenarioAsync(db);
        var service = Service(db);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => service.ComputeAsync(seeded.RunId, "sex:", 0.3, cancelled.Token, Resamples));

        Assert.NotNull(await service.ComputeAsync(seeded.RunId, "sex:", 0.3, default, Resamples));
    }

    [Fact]
    public async Task Compute_BadRequests_SayWhy_UnknownRunIsNull()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await StandardsTestData.SexScenarioAsync(db);
        var service = Service(db);

        Assert.Contains("prefix", (await Assert.ThrowsAsync<EvaluationException>(() => service.ComputeAsync(seeded.RunId, " ", 1e-3, default))).Message);
        Assert.Contains("target FMR", (await Assert.ThrowsAsync<EvaluationException>(() => service.ComputeAsync(seeded.RunId, "sex:", 0, default))).Message);
        Assert.Contains("target FMR", (await Assert.ThrowsAsync<EvaluationException>(() => service.ComputeAsync(seeded.RunId, "sex:", 1, default))).Message);
        Assert.Null(await service.ComputeAsync(seeded.RunId + 100, "sex:", 1e-3, default));
    }

    [Fact]
    public async Task Prefixes_FromImageAndIdentityTags_MostUsedFirst()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var seeded = await StandardsTestData.SexScenarioAsync(db);

        Assert.Equal(["sex:", "age:"], await Service(db).PrefixesAsync(seeded.RunId, default));
    }

    [Fact]
    public async Task Compute_ImageTags_OverrideIdentityTags_TwoValuesConflict()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        // A's identity says F but its image says M; B's image carries both values: a conflict, left out of the groups.
        var seeded = await StandardsTestData.CreateAsync(db,
            new Dictionary<string, string[]> { ["A"] = ["sex:F"], ["B"] = [], ["C"] = ["sex:M"] },
            [new("A1", "A", ["sex:M"]), new("A2", "A"), new("B1", "B", ["sex:F", "sex:M"]), new("C1", "C"), new("C2", "C")],
            [new("A1", "C1", false, 0.1), new("A2", "C2", false, 0.2), new("B1", "C1", false, 0.3), new("C1", "C2", true, 0.9), new("A1", "A2", true, 0.8)]);

        var s = (await Service(db).ComputeAsync(seeded.RunId, "sex:", 0.5, default, Resamples))!;

        Assert.Equal(1, s.ConflictingSides);
        var m = s.Groups.Single(g => g.Tag == "sex:M");
        // A1 (image tag M) x C1 is an M x M impostor pair; A2 (identity tag F) x C2 crosses F and M.
        Assert.Equal(1, m.ImpostorPairs);
        Assert.Equal(1, s.Heatmap.Impostors[0][1]);
        Assert.Equal(1, s.CrossTagImpostorPairs);
    }
}

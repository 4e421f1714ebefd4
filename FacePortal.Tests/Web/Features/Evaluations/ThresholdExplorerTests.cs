using Bunit;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Evaluations;

namespace FacePortal.Tests.Web.Features.Evaluations;

public class ThresholdExplorerTests
{
    // Genuine 0.9, 0.8, 0.6; impostor 0.5, 0.4, 0.1.
    private static readonly EvaluationScores Scores = new(
        [1, 2, 3, 4, 5, 6], [0.9, 0.8, 0.4, 0.6, 0.5, 0.1], [true, true, false, true, false, false], [0, 0, 0, 0, 0, 0], new bool[6]);

    private static BunitContext Context()
    {
        return PortalTestContext.Create();
    }

    private static (string Tp, string Fn, string Fp, string Tn) Matrix(IRenderedComponent<ThresholdExplorer> cut) =>
        (cut.Find("[data-testid=tp]").TextContent, cut.Find("[data-testid=fn]").TextContent, cut.Find("[data-testid=fp]").TextContent, cut.Find("[data-testid=tn]").TextContent);

    [Fact]
    public async Task TypedThreshold_Changed_UpdatesTheConfusionMatrixAndRates()
    {
        await using var ctx = Context();
        var threshold = 0.55;
        var cut = ctx.Render<ThresholdExplorer>(p => p
            .Add(c => c.Scores, Scores).Add(c => c.Metric, DistanceMetric.Cosine).Add(c => c.Threshold, threshold)
            .Add(c => c.ThresholdChanged, v => threshold = v));
        Assert.Equal(("3", "0", "0", "3"), Matrix(cut));

        cut.Find("input[data-testid=threshold-input]").Change("0.45");

        Assert.Equal(0.45, threshold);
        Assert.Equal(("3", "0", "1", "2"), Matrix(cut));
        Assert.Equal("33.33%", cut.Find("[data-testid=far]").TextContent);
        Assert.Equal("83.33%", cut.Find("[data-testid=accuracy]").TextContent);
    }

    // Euclidean scores are minus the distance: genuine at distances 0.3, 0.4, 0.7; impostors at 0.5, 0.65, 0.9.
    private static readonly EvaluationScores Distances = new(
        [1, 2, 3, 4, 5, 6], [-0.3, -0.4, -0.5, -0.7, -0.65, -0.9], [true, true, false, true, false, false], [0, 0, 0, 0, 0, 0], new bool[6]);

    private static IRenderedComponent<ThresholdExplorer> RenderEuclidean(BunitContext ctx, double threshold, Action<double> changed) =>
        ctx.Render<ThresholdExplorer>(p => p
            .Add(c => c.Scores, Distances).Add(c => c.Metric, DistanceMetric.Euclidean).Add(c => c.Threshold, threshold)
            .Add(c => c.ThresholdChanged, changed));

    [Fact]
    public async Task TypedThreshold_EuclideanModel_IsReadAsADistance()
    {
        await using var ctx = Context();
        var threshold = -0.35;
        var cut = RenderEuclidean(ctx, threshold, v => threshold = v);
        Assert.Equal("0.35", cut.Find("input[data-testid=threshold-input]").GetAttribute("value"));

        cut.Find("input[data-testid=threshold-input]").Change("0.6");

        // The usual dlib cut-off: pairs closer than 0.6 are accepted (two genuine, one impostor).
        Assert.Equal(-0.6, threshold, 10);
        Assert.Equal(("2", "1", "1", "2"), Matrix(cut));
        Assert.Contains("distance <= 0.6", cut.Find("[data-testid=threshold-rule]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("-0.6", cut.Find("[data-testid=threshold-explorer]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypedThreshold_NegativeDistance_IsRefusedAndTheThresholdKept()
    {
        await using var ctx = Context();
        var threshold = -0.6;
        var cut = RenderEuclidean(ctx, threshold, v => threshold = v);

        cut.Find("input[data-testid=threshold-input]").Change("-0.2");

        Assert.Equal(-0.6, threshold, 10);
        Assert.Contains("cannot be negative", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(("2", "1", "1", "2"), Matrix(cut));
    }

    [Fact]
    public async Task TypedThreshold_CosineSimilarityAboveOne_IsRefused()
    {
        await using var ctx = Context();
        var threshold = 0.55;
        var cut = ctx.Render<ThresholdExplorer>(p => p
            .Add(c => c.Scores, Scores).Add(c => c.Metric, DistanceMetric.Cosine).Add(c => c.Threshold, threshold)
            .Add(c => c.ThresholdChanged, v => threshold = v));

        cut.Find("input[data-testid=threshold-input]").Change("1.5");

        Assert.Equal(0.55, threshold);
        Assert.Contains("between -1 and 1", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Precision_NothingAccepted_IsNotApplicable()
    {
        await using var ctx = Context();
        var cut = RenderEuclidean(ctx, -0.1, _ => { });

        Assert.Equal(("0", "3", "0", "3"), Matrix(cut));
        Assert.StartsWith("n/a", cut.Find("[data-testid=precision]").TextContent, StringComparison.Ordinal);
        Assert.Equal("n/a", cut.Find("[data-testid=f1]").TextContent);
    }

    [Fact]
    public async Task SnapToTypedFar_BelowWhatTheImpostorsCanMeasure_Warns()
    {
        await using var ctx = Context();
        var threshold = -0.6;
        var cut = RenderEuclidean(ctx, threshold, v => threshold = v);
        Assert.Empty(cut.FindAll("[data-testid=snap-warning]"));

        // 0.1% of 3 impostor pairs: not a single false accept can be allowed, so the rate is not measurable.
        cut.Find("input[data-testid=target-value]").Input("0.1");
        cut.Find("button[data-testid=snap-target]").Click();

        // The snap re-renders after the click's handler returns: wait for it (a loaded 2-core run saw the old rate).
        cut.WaitForAssertion(() => Assert.Equal("0%", cut.Find("[data-testid=far]").TextContent), TimeSpan.FromSeconds(10));
        var warning = cut.Find("[data-testid=snap-warning]").TextContent;
        Assert.Contains("3 impostor pairs", warning, StringComparison.Ordinal);
        Assert.Contains("at least 1000", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnapToTypedFar_Measurable_SetsTheThresholdWithoutWarning()
    {
        await using var ctx = Context();
        var threshold = -0.95;
        var cut = RenderEuclidean(ctx, threshold, v => threshold = v);

        // One false accept in three is allowed, but it buys no genuine pair: the strictest threshold with the best TAR
        // under it accepts the two close genuine pairs (distance 0.4).
        cut.Find("input[data-testid=target-value]").Input("34");
        cut.Find("button[data-testid=snap-target]").Click();

        Assert.Equal(-0.4, threshold, 10);
        Assert.Equal("0%", cut.Find("[data-testid=far]").TextContent);
        Assert.Equal("33.33%", cut.Find("[data-testid=frr]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=snap-warning]"));
    }

    [Fact]
    public async Task SnapToBestAccuracy_MovesTheThresholdBetweenTheClasses()
    {
        await using var ctx = Context();
        var threshold = 0.0;
        var cut = ctx.Render<ThresholdExplorer>(p => p
            .Add(c => c.Scores, Scores).Add(c => c.Threshold, threshold).Add(c => c.ThresholdChanged, v => threshold = v));
        Assert.Equal(("3", "0", "3", "0"), Matrix(cut));

        cut.Find("[data-testid=snap-best]").Click();

        Assert.Equal(0.55, threshold, 10);
        Assert.Equal(("3", "0", "0", "3"), Matrix(cut));
    }

    [Theory]
    [InlineData(0.0, -0.7)]
    [InlineData(0.34, -0.4)]
    [InlineData(0.5, -0.4)]
    [InlineData(0.67, -0.3)]
    public void ThresholdForFrr_Target_RejectsAtMostThatShareOfGenuinePairs(double targetFrr, double expected)
    {
        var threshold = EvaluationService.ThresholdForFrr(Distances, targetFrr);

        Assert.Equal(expected, threshold, 10);
        Assert.True(Distances.Sorted!.AtThreshold(threshold).Frr <= targetFrr);
    }

    [Fact]
    public void ThresholdForFrr_AllRejected_IsAboveEveryGenuineScore()
    {
        var threshold = EvaluationService.ThresholdForFrr(Distances, 1);

        Assert.True(threshold > -0.3);
        Assert.Equal(1, Distances.Sorted!.AtThreshold(threshold).Frr);
    }
}

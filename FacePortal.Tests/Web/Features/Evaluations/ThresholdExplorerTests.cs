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
            .Add(c => c.Scores, Scores).Add(c => c.Metric, DistanceMetric.Euclidean).Add(c => c.Threshold, threshold)
            .Add(c => c.ThresholdChanged, v => threshold = v));
        Assert.Equal(("3", "0", "0", "3"), Matrix(cut));

        cut.Find("input[data-testid=threshold-input]").Change("0.45");

        Assert.Equal(0.45, threshold);
        Assert.Equal(("3", "0", "1", "2"), Matrix(cut));
        Assert.Equal("33.33%", cut.Find("[data-testid=far]").TextContent);
        Assert.Equal("83.33%", cut.Find("[data-testid=accuracy]").TextContent);
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
}

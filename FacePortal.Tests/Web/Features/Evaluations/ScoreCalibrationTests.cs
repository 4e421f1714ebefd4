using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Evaluation.Standards;
using FacePortal.Web.Features.Evaluations;

namespace FacePortal.Tests.Web.Features.Evaluations;

public class ScoreCalibrationTests
{
    // Impostors 0.1..0.4, genuines 0.5..0.8 (higher = more alike).
    private static readonly SortedScores Sorted = SortedScores.Create(
        [.. new[] { 0.1, 0.2, 0.3, 0.4 }.Select(s => new ScoredPair(s, false, 0)), .. new[] { 0.5, 0.6, 0.7, 0.8 }.Select(s => new ScoredPair(s, true, 0))]);

    private static readonly CurveInterval[] Curve =
    [
        new(0.25, new BootstrapInterval(0.5, 0.2, 0.7, 2, 4, true, null), new BootstrapInterval(0, 0, 0.1, 0, 4, true, 0.75)),
        new(0.65, new BootstrapInterval(0, 0, 0.1, 0, 4, true, 0.75), new BootstrapInterval(0.25, 0.3, 0.8, 1, 4, true, null)),
    ];

    [Fact]
    public void At_ScoreBetweenTwoStoredThresholds_ExactEstimateAndTheIntervalEnclosingBoth()
    {
        var (fmr, fnmr) = ScoreCalibrationService.At(Sorted, Curve, 0.35);

        // One impostor (0.4) at or above 0.35; no genuine below it.
        Assert.Equal(new CalibratedRate(0.25, 0, 0.7, 1, 4, true, null), fmr);
        Assert.Equal(new CalibratedRate(0, 0, 0.8, 0, 4, true, 0.75), fnmr);
    }

    [Fact]
    public void At_ScoreBelowEveryStoredThreshold_OpenSideGoesToTheRateLimitAndTheIntervalHoldsTheEstimate()
    {
        var (fmr, fnmr) = ScoreCalibrationService.At(Sorted, Curve, 0.05);

        Assert.Equal(new CalibratedRate(1, 0.2, 1, 4, 4, true, null), fmr);
        Assert.Equal(new CalibratedRate(0, 0, 0.1, 0, 4, true, 0.75), fnmr);
    }

    [Fact]
    public void At_ScoreOnAStoredThreshold_ThatThresholdsInterval()
    {
        var (fmr, fnmr) = ScoreCalibrationService.At(Sorted, Curve, 0.65);

        Assert.Equal((0.0, 0.1), (fmr.Lower95, fmr.Upper95));
        Assert.Equal((0.3, 0.8), (fnmr.Lower95, fnmr.Upper95));
        Assert.Equal(0.5, fnmr.Estimate);
    }
}

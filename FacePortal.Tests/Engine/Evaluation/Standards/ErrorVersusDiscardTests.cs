using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Tests.Engine.Evaluation.Standards;

public class ErrorVersusDiscardTests
{
    [Fact]
    public void Compute_ErrorsOnTheWorstSamples_FnmrFallsToZero()
    {
        // 10 genuine pairs; the two rejected ones have the lowest qualities, so discarding 20% removes them.
        var pairs = Enumerable.Range(0, 10).Select(i => new ScoredPair(i < 2 ? 0.1 : 0.9, true, 0)).ToList();
        var quality = Enumerable.Range(0, 10).Select(i => (double)i).ToList();

        var curve = ErrorVersusDiscard.Compute("q", pairs, quality, quality, threshold: 0.5, discardLimit: 0.2, steps: 2);

        Assert.Equal(0.2, curve.Points[0].Fnmr, 12);
        Assert.Equal(1 / 9.0, curve.Points[1].Fnmr, 12); // 10% discarded: one error left of 9
        Assert.Equal(0, curve.Points[2].Fnmr, 12);
        Assert.Equal(8, curve.Points[2].RemainingGenuine);
        Assert.True(curve.FnmrAreaRatio < 1);
    }

    [Fact]
    public void Compute_QualityUnrelatedToErrors_CurveStaysFlat()
    {
        // Errors at the best qualities: discarding the worst only removes correct pairs, FNMR rises.
        var pairs = Enumerable.Range(0, 10).Select(i => new ScoredPair(i >= 8 ? 0.1 : 0.9, true, 0)).ToList();
        var quality = Enumerable.Range(0, 10).Select(i => (double)i).ToList();

        var curve = ErrorVersusDiscard.Compute("q", pairs, quality, quality, 0.5, 0.2, 2);

        Assert.True(curve.Points[^1].Fnmr >= curve.Points[0].Fnmr);
        Assert.True(curve.FnmrAreaRatio >= 1);
    }

    [Fact]
    public void Compute_UsesTheLowerQualityOfThePair_AndUnknownCountsAsWorst()
    {
        var pairs = new List<ScoredPair> { new(0.1, false, 0), new(0.9, false, 0), new(0.9, false, 0), new(0.1, false, 0) };
        // Pair 1 (a false accept) has a good A side but a bad B side; pair 2 (false accept) has an unknown quality.
        var a = new List<double> { 5, 9, double.NaN, 6 };
        var b = new List<double> { 5, 1, 9, 6 };

        var curve = ErrorVersusDiscard.Compute("q", pairs, a, b, 0.5, 0.5, 2);

        Assert.Equal(0.5, curve.Points[0].Fmr, 12);
        Assert.Equal(0, curve.Points[2].Fmr, 12); // the two worst (NaN, then min 1) discarded: both errors gone
    }
}

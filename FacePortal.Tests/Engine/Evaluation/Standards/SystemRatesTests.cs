using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Tests.Engine.Evaluation.Standards;

public class SystemRatesTests
{
    [Fact]
    public void Compute_HandWorkedCase_FarAndFrrIncludeFailures()
    {
        // 100 images, 10 without a face; 40 subjects, 2 with no usable image; FMR 1%, FNMR 5% over the rest.
        var r = SystemRates.Compute(100, 10, 40, 2, fmr: 0.01, fnmr: 0.05);

        Assert.Equal(0.1, r.Fta, 12);
        Assert.Equal(0.05, r.Fte, 12);
        Assert.Equal(0.01 * 0.9, r.Far, 12);
        Assert.Equal(0.1 + (0.05 * 0.9), r.Frr, 12);
        Assert.Equal((r.Far + r.Frr) / 2, r.Hter, 12);
    }

    [Fact]
    public void Compute_NoFailures_SystemRatesEqualAlgorithmRates()
    {
        var r = SystemRates.Compute(50, 0, 10, 0, 0.2, 0.3);

        Assert.Equal(r.Fmr, r.Far);
        Assert.Equal(r.Fnmr, r.Frr);
    }

    [Fact]
    public void Compute_MoreFailuresThanSamples_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SystemRates.Compute(5, 6, 1, 0, 0, 0));

    [Fact]
    public void RuleOfThree_ZeroErrors_BoundsByThreeOverN()
    {
        Assert.Equal(0.003, ErrorRateBounds.RuleOfThreeUpper(0, 1000)!.Value, 12);
        Assert.Null(ErrorRateBounds.RuleOfThreeUpper(1, 1000));
        Assert.True(ErrorRateBounds.FewErrors(29));
        Assert.False(ErrorRateBounds.FewErrors(30));
    }
}

using FacePortal.Engine.Evaluation;

namespace FacePortal.Tests.Engine.Evaluation;

public class RateIntervalTests
{
    [Fact]
    public void Wilson_FiveOfTen_HandComputed()
    {
        // z^2 = 3.841459; denominator 1 + z^2/10 = 1.3841459; centre (0.5 + z^2/20) / 1.3841459 = 0.5;
        // half = z sqrt(0.25/10 + z^2/400) / 1.3841459 = 1.959964 x 0.1860206 / 1.3841459 = 0.2634068.
        var r = RateInterval.Wilson(5, 10);
        Assert.Equal(0.5, r.Rate);
        Assert.Equal(0.5 - 0.2634068, r.Lower, 6);
        Assert.Equal(0.5 + 0.2634068, r.Upper, 6);
    }

    [Fact]
    public void Wilson_ZeroOfTen_UpperIsZSquaredOverNPlusZSquared()
    {
        // p = 0: centre = half = (z^2 / 2n) / (1 + z^2/n), so upper = z^2 / (n + z^2) = 3.841459 / 13.841459.
        var r = RateInterval.Wilson(0, 10);
        Assert.Equal(0, r.Lower);
        Assert.Equal(3.841459 / 13.841459, r.Upper, 6);
        var all = RateInterval.Wilson(10, 10);
        Assert.Equal(1.0, all.Upper);
        Assert.Equal(1 - (3.841459 / 13.841459), all.Lower, 6); // the mirror image
    }

    [Fact]
    public void Wilson_EdgeCases_NoTrialsAndBadArguments()
    {
        Assert.Equal(new RateInterval(0, 0, 0, 0, 1), RateInterval.Wilson(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RateInterval.Wilson(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => RateInterval.Wilson(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => RateInterval.Wilson(1, 2, 0));
    }
}

using FacePortal.Engine.Adaptation;

namespace FacePortal.Tests.Engine.Adaptation;

[Trait("Category", "Torch")]
public class IdentitySplitTests
{
    [Fact]
    public void Make_IsDisjointCompleteSeededAndFollowsTheFraction()
    {
        var ids = Enumerable.Range(100, 40).ToArray();
        var split = IdentitySplit.Make(ids, 0.25, 7);

        Assert.Empty(split.Train.Intersect(split.HeldOut));
        Assert.Equal(ids.Order(), split.Train.Concat(split.HeldOut).Order());
        Assert.Equal(10, split.HeldOut.Count);
        // The same seed gives the same split whatever the order; another seed another one.
        var again = IdentitySplit.Make(ids.Reverse(), 0.25, 7);
        Assert.Equal(split.HeldOut.Order(), again.HeldOut.Order());
        Assert.NotEqual(split.HeldOut.Order(), IdentitySplit.Make(ids, 0.25, 8).HeldOut.Order());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Make_FractionOutOfRange_IsRefused(double fraction) =>
        Assert.Contains("fraction", Assert.Throws<ArgumentException>(() => IdentitySplit.Make([1, 2, 3], fraction, 1)).Message, StringComparison.Ordinal);

    [Fact]
    public void Make_TwoIdentitiesAndATinyFraction_StillLeavesOneOnEachSide()
    {
        var split = IdentitySplit.Make([1, 2], 0.01, 1);
        Assert.Single(split.Train);
        Assert.Single(split.HeldOut);
    }
}

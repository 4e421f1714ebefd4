using FacePortal.Engine.Evaluation;

namespace FacePortal.Tests.Engine.Evaluation;

public class BootstrapSeedsTests
{
    // Fixed numbers, not values of this process's HashCode: a seeded interval must read the same after a restart.
    [Theory]
    [InlineData(1, 0, 1_000_003)]
    [InlineData(7, 3, 7_000_024)]
    [InlineData(0, 999, 999)]
    public void Of_IsAFixedFormula(int seed, int resample, int expected) => Assert.Equal(expected, BootstrapSeeds.Of(seed, resample));

    [Fact]
    public void Of_LargeSeeds_WrapInsteadOfThrowing() => Assert.Equal(unchecked(int.MaxValue * 1_000_003 + 5), BootstrapSeeds.Of(int.MaxValue, 5));
}

using FacePortal.Engine.Evaluation;

namespace FacePortal.Tests.Engine.Evaluation;

public class McNemarTestTests
{
    [Theory]
    // 1 vs 7 discordant: 2 (C(8,0) + C(8,1)) / 2^8 = 18/256.
    [InlineData(1, 7, 0.0703125)]
    [InlineData(7, 1, 0.0703125)]
    // 3 vs 12: 2 x 1,152 / 32,768 (sum of C(15, 0..3) = 1 + 15 + 105 + 455 = 576).
    [InlineData(3, 12, 0.03515625)]
    // Wikipedia's McNemar example table (b = 121, c = 59), exact binomial by integer arithmetic.
    [InlineData(121, 59, 4.434449263755176e-06)]
    [InlineData(5000, 5200, 0.04878796312682245)]
    public void ExactP_KnownTables_MatchTheBinomialSum(long b, long c, double expected) =>
        Assert.Equal(expected, McNemarTest.ExactP(b, c), expected * 1e-9);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(4, 4)]
    [InlineData(0, 1)]
    public void ExactP_NoEvidence_IsOne(long b, long c) => Assert.Equal(1, McNemarTest.ExactP(b, c), 12);

    [Fact]
    public void ExactP_AllOneWay_IsTwiceHalfToTheN() => Assert.Equal(2 * Math.Pow(0.5, 20), McNemarTest.ExactP(0, 20), 1e-15);

    [Fact]
    public void ChiSquare_WikipediaTable_IsTheCorrectedStatisticAndItsP()
    {
        // (|121 - 59| - 1)^2 / 180 = 3721 / 180.
        Assert.Equal(3721.0 / 180, McNemarTest.ChiSquare(121, 59), 12);
        Assert.Equal(5.450094825427123e-06, McNemarTest.ChiSquareP(121, 59), 5.45e-6 * 1e-5);
    }

    [Fact]
    public void ChiSquareP_LargeCounts_AgreesWithTheExactTest()
    {
        Assert.Equal(0.048793277298094635, McNemarTest.ChiSquareP(5000, 5200), 1e-6);
        Assert.Equal(McNemarTest.ExactP(5000, 5200), McNemarTest.ChiSquareP(5000, 5200), 1e-3);
    }

    [Fact]
    public void AgreementTable_ChiSquareP_OnlyFromEnoughDiscordantPairs()
    {
        Assert.Null(new AgreementTable(100, 3, 12, 5).ChiSquareP);
        var large = new AgreementTable(101, 121, 59, 33);
        Assert.Equal(314, large.Total);
        Assert.Equal(180, large.Discordant);
        Assert.NotNull(large.ChiSquareP);
        Assert.Equal(McNemarTest.ExactP(121, 59), large.ExactP);
    }

    [Fact]
    public void ExactP_NegativeCount_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => McNemarTest.ExactP(-1, 3));
}

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Two runs' decisions on the same pairs, each at its own threshold: how many pairs both got right, only the first,
/// only the second, neither; with McNemar's test of "equally accurate" on the discordant pairs.
/// </summary>
public sealed record AgreementTable(long BothRight, long OnlyFirstRight, long OnlySecondRight, long BothWrong)
{
    public long Total => BothRight + OnlyFirstRight + OnlySecondRight + BothWrong;

    public long Discordant => OnlyFirstRight + OnlySecondRight;

    /// <summary>McNemar's exact (binomial) two-sided p.</summary>
    public double ExactP => McNemarTest.ExactP(OnlyFirstRight, OnlySecondRight);

    /// <summary>The continuity-corrected chi-square statistic.</summary>
    public double ChiSquare => McNemarTest.ChiSquare(OnlyFirstRight, OnlySecondRight);

    /// <summary>Its p on 1 degree of freedom; null below <see cref="McNemarTest.ChiSquareFrom"/> discordant pairs, where only the exact test holds.</summary>
    public double? ChiSquareP => Discordant >= McNemarTest.ChiSquareFrom ? McNemarTest.ChiSquareP(OnlyFirstRight, OnlySecondRight) : null;
}

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// The one 0/0 rule of this folder: a rate over an empty set takes its "no errors" value. FAR = 0 without
/// impostors, FRR = 0 and TAR = recall = 1 without genuines, precision = 1 when nothing is accepted, F1 = 1 when
/// there is nothing to find and nothing was accepted. So no rate is ever NaN, and TAR = 1 - FRR always holds.
/// </summary>
internal static class Rates
{
    public static double Ratio(long numerator, long denominator, double whenEmpty) =>
        denominator == 0 ? whenEmpty : (double)numerator / denominator;
}

using FacePortal.Engine.Evaluation;

namespace FacePortal.Tests.Engine.Evaluation;

public class ScoreSortTests
{
    [Theory]
    [InlineData(1, 10_000)]
    [InlineData(2, 50_000)]
    [InlineData(3, 4_096)]
    public void Sort_RadixPathWithSpecialValuesAndTies_EqualsStableArraySort(int seed, int n)
    {
        var rng = new Random(seed);
        double[] special = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -double.MaxValue, double.Epsilon, -double.Epsilon, 1e-300, -1e300];
        var scores = new double[n];
        for (var i = 0; i < n; i++)
        {
            scores[i] = (i % 7) switch
            {
                0 => special[rng.Next(special.Length)],
                1 => rng.Next(20) - 10, // heavy ties
                _ => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-5, 6)),
            };
        }

        var payload = Enumerable.Range(0, n).ToArray();
        var fast = (double[])scores.Clone();
        var fastPayload = (int[])payload.Clone();
        ScoreSort.Sort(fast, fastPayload);

        // Reference: stable sort by value (OrderBy is stable), with -0.0 before +0.0 like the radix key order.
        var expected = payload.OrderBy(i => scores[i]).ThenBy(i => double.IsNegative(scores[i]) ? 0 : 1).ThenBy(i => i).ToArray();
        Assert.Equal(expected, fastPayload);
        Assert.Equal(expected.Select(i => BitConverter.DoubleToInt64Bits(scores[i])), fast.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void SortableBits_OrderMatchesNumericOrder()
    {
        double[] ascending = [double.NegativeInfinity, -double.MaxValue, -1, -double.Epsilon, -0.0, 0.0, double.Epsilon, 1, double.MaxValue, double.PositiveInfinity];
        var keys = ascending.Select(ScoreSort.SortableBits).ToArray();
        Assert.All(keys.Zip(keys.Skip(1)), k => Assert.True(k.First < k.Second));
    }
}

using FacePortal.Engine.Adaptation;
using TorchSharp;

namespace FacePortal.Tests.Engine.Adaptation;

[Trait("Category", "Torch")]
public class TripletLossTests
{
    // Four unit vectors on a circle: identity 0 at 0 and 60 degrees, identity 1 at 90 and 180 degrees.
    private static torch.Tensor Points() => torch.tensor(new[] { 1f, 0f, 0.5f, MathF.Sqrt(3) / 2, 0f, 1f, -1f, 0f }, [4, 2]);

    private static readonly long[] Labels = [0, 0, 1, 1];

    [Fact]
    public void BatchHard_TakesTheFarthestPositiveAndNearestNegativePerAnchor()
    {
        using var scope = torch.NewDisposeScope();
        var e = Points();
        var d = TripletLoss.Distances(e).data<float>().ToArray();
        double D(int a, int b) => d[a * 4 + b];
        const double margin = 0.5;
        // Anchor 0: positive 1, nearest negative 2; anchor 1: positive 0, nearest negative 2; anchor 2: positive 3, nearest negative 1; anchor 3: positive 2, nearest negative 1.
        var expected = new[] { (0, 1, 2), (1, 0, 2), (2, 3, 1), (3, 2, 1) }.Average(t => Math.Max(0, D(t.Item1, t.Item2) - D(t.Item1, t.Item3) + margin));

        var loss = TripletLoss.Compute(e, torch.tensor(Labels), margin, TripletMining.BatchHard).ToDouble();

        Assert.True(expected > 0);
        Assert.Equal(expected, loss, 5);
    }

    [Fact]
    public void SemiHard_UsesOnlyNegativesBeyondThePositive()
    {
        using var scope = torch.NewDisposeScope();
        var e = Points();
        var d = TripletLoss.Distances(e).data<float>().ToArray();
        double D(int a, int b) => d[a * 4 + b];
        const double margin = 0.5;
        var losses = new List<double>();
        foreach (var (a, p) in new[] { (0, 1), (1, 0), (2, 3), (3, 2) })
        {
            var negatives = Enumerable.Range(0, 4).Where(n => Labels[n] != Labels[a]).Select(n => D(a, n)).ToList();
            var semi = negatives.Where(x => x > D(a, p) && x < D(a, p) + margin).ToList();
            var chosen = semi.Count > 0 ? semi.Min() : negatives.Max();
            losses.Add(Math.Max(0, D(a, p) - chosen + margin));
        }

        var loss = TripletLoss.Compute(e, torch.tensor(Labels), margin, TripletMining.SemiHard).ToDouble();

        Assert.Equal(losses.Average(), loss, 5);
    }

    [Fact]
    public void Compute_WellSeparatedIdentities_GiveZeroLoss()
    {
        using var scope = torch.NewDisposeScope();
        var e = torch.tensor(new[] { 1f, 0f, 1f, 0f, -1f, 0f, -1f, 0f }, [4, 2]);
        Assert.Equal(0, TripletLoss.Compute(e, torch.tensor(Labels), 0.5, TripletMining.BatchHard).ToDouble(), 6);
    }
}

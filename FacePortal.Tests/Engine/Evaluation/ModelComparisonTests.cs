using FacePortal.Engine.Evaluation;

namespace FacePortal.Tests.Engine.Evaluation;

public class ModelComparisonTests
{
    // Ten subjects; pairs 0..9 mated (subject i with itself), 10..29 non-mated (i with i + 1 and i + 2).
    private static (bool[] Same, int[] A, int[] B) Pairs()
    {
        var same = new List<bool>();
        var a = new List<int>();
        var b = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            same.Add(true);
            a.Add(i);
            b.Add(i);
        }
        for (var i = 0; i < 10; i++)
        {
            foreach (var step in new[] { 1, 2 })
            {
                same.Add(false);
                a.Add(i);
                b.Add((i + step) % 10);
            }
        }
        return ([.. same], [.. a], [.. b]);
    }

    [Fact]
    public void Compare_KnownDecisions_TableMcNemarAndDisagreementsFollow()
    {
        var (same, a, b) = Pairs();
        // Run A separates perfectly: mated 0.9, non-mated 0.1.
        double[] perfect = [.. same.Select(s => s ? 0.9 : 0.1)];
        // Run B: mated pairs 0..2 fall among the non-mated ones; pair 0 lowest of all, so most strongly wrong.
        double[] flawed = [.. perfect];
        flawed[0] = 0.0;
        flawed[1] = 0.05;
        flawed[2] = 0.08;

        var result = ModelComparison.Compare([perfect, flawed], same, a, b, targetFar: 0.05, resamples: 100);

        // At FAR <= 5% of 20 impostors (1 false accept allowed) each run's threshold lies above every non-mated score.
        Assert.Equal(1.0, result.Runs[0].Tar);
        Assert.Equal(0.7, result.Runs[1].Tar, 12);
        Assert.Equal(3, result.Runs[1].FalseRejects);
        var table = result.Agreements.Single().All;
        Assert.Equal(new AgreementTable(27, 3, 0, 0), table);
        Assert.Equal(0.25, table.ExactP, 12); // 2 x 0.5^3
        Assert.Equal(new AgreementTable(7, 3, 0, 0), result.Agreements.Single().Mated);
        Assert.Equal(new AgreementTable(20, 0, 0, 0), result.Agreements.Single().NonMated);

        Assert.Equal([0, 1, 2], result.Disagreements.Select(d => d.Pair));
        Assert.All(result.Disagreements, d => Assert.Equal([true, false], d.Accepted));
        Assert.True(result.Disagreements[0].Strength > result.Disagreements[1].Strength);
        Assert.True(result.Disagreements[0].Margins[0] >= 0 && result.Disagreements[0].Margins[1] < 0); // the perfect run accepts at its threshold (margin 0)

        var diff = result.Bootstrap.Differences.Single();
        Assert.Equal(-0.3, diff.TarAtFar.Estimate, 12);
    }

    [Fact]
    public void Compare_Tags_GiveEachRunsFnmrAndFmrPerValue()
    {
        var (same, a, b) = Pairs();
        double[] perfect = [.. same.Select(s => s ? 0.9 : 0.1)];
        double[] flawed = [.. perfect];
        flawed[0] = 0.0; // subject 0, in group "x"
        // Subjects 0..4 carry "x", 5..9 "y"; a pair counts for a group when both sides are in it.
        int[] groupA = [.. a.Select(s => s < 5 ? 0 : 1)];
        int[] groupB = [.. b.Select(s => s < 5 ? 0 : 1)];

        var result = ModelComparison.Compare([perfect, flawed], same, a, b, 0.05, groupA, groupB, ["x", "y"], resamples: 20);

        var x = result.Tags.Single(t => t.Tag == "x");
        Assert.Equal(new TagRunRates(0, 5, 0, x.Runs[0].NonMated), x.Runs[0]);
        Assert.Equal(1, x.Runs[1].FalseRejects);
        Assert.Equal(0.2, x.Runs[1].Fnmr!.Value, 12);
        Assert.Equal(0, x.Runs[1].Fmr);
        var y = result.Tags.Single(t => t.Tag == "y");
        Assert.Equal(0, y.Runs[1].FalseRejects);
        // Non-mated pairs within "x": (0,1) (0,2) (1,2) (1,3) (2,3) (2,4) (3,4) = 7.
        Assert.Equal(7, x.Runs[0].NonMated);
    }

    [Fact]
    public void Compare_IdenticalRuns_NoDisagreementAndPOfOne()
    {
        var (same, a, b) = Pairs();
        double[] scores = [.. same.Select((s, i) => s ? 0.6 + (i * 0.01) : 0.2 + (i * 0.01))];

        var result = ModelComparison.Compare([scores, scores], same, a, b, 0.1, resamples: 20);

        Assert.Empty(result.Disagreements);
        Assert.Equal(1, result.Agreements.Single().All.ExactP);
    }

    [Fact]
    public void Compare_OneRun_Throws()
    {
        var (same, a, b) = Pairs();
        Assert.Throws<ArgumentException>(() => ModelComparison.Compare([new double[same.Length]], same, a, b, 0.01));
    }
}

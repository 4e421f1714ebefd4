using FacePortal.Engine.Evaluation;
using FacePortal.Tests.Engine.Evaluation.Standards;

namespace FacePortal.Tests.Engine.Evaluation;

public class PairedBootstrapTests
{
    private static (double[] Good, double[] Worse, bool[] Same, int[] A, int[] B) TwoRuns(int seed, int subjects, int n)
    {
        var pairs = SubjectBootstrapTests.RandomPairs(seed, subjects, n);
        var random = new Random(seed + 100);
        // The second run: the same scores with more noise, so it separates mated from non-mated pairs worse.
        double[] good = [.. pairs.Select(p => p.Score)];
        double[] worse = [.. pairs.Select(p => p.Score + ((random.NextDouble() - 0.5) * 0.8))];
        return (good, worse, [.. pairs.Select(p => p.Same)], [.. pairs.Select(p => p.SubjectA)], [.. pairs.Select(p => p.SubjectB)]);
    }

    [Fact]
    public void Run_SameSeed_SameIntervals_OtherSeed_OtherIntervals()
    {
        var (good, worse, same, a, b) = TwoRuns(5, 40, 1500);

        var first = PairedBootstrap.Run([good, worse], same, a, b, 0.01, resamples: 300, seed: 3);
        var again = PairedBootstrap.Run([good, worse], same, a, b, 0.01, resamples: 300, seed: 3);
        var other = PairedBootstrap.Run([good, worse], same, a, b, 0.01, resamples: 300, seed: 4);

        Assert.Equal(first.Differences[0], again.Differences[0]);
        Assert.Equal(first.Runs, again.Runs);
        Assert.NotEqual(first.Differences[0].TarAtFar.Lower, other.Differences[0].TarAtFar.Lower);
        Assert.Equal(40, first.Subjects);
    }

    [Fact]
    public void Run_Estimates_EqualTheEvaluatorsFiguresOfEachRun()
    {
        var (good, worse, same, a, b) = TwoRuns(7, 30, 1000);

        var result = PairedBootstrap.Run([good, worse], same, a, b, 0.01, resamples: 50);

        foreach (var (scores, figures) in new[] { good, worse }.Zip(result.Runs))
        {
            var sorted = SortedScores.Create([.. scores.Select((s, i) => new ScoredPair(s, same[i], 0))]);
            Assert.Equal(VerificationEvaluator.TarAtFar(sorted, 0.01).Tar, figures.TarAtFar.Estimate, 12);
            Assert.Equal(VerificationEvaluator.Eer(sorted)!.Value.Eer, figures.Eer.Estimate, 9);
        }
        var d = result.Differences.Single();
        Assert.Equal((0, 1), (d.First, d.Second));
        Assert.Equal(result.Runs[1].TarAtFar.Estimate - result.Runs[0].TarAtFar.Estimate, d.TarAtFar.Estimate, 12);
    }

    [Fact]
    public void Run_ANoisierCopy_IsSignificantlyWorse_AndARunAgainstItselfDiffersByNothing()
    {
        var (good, worse, same, a, b) = TwoRuns(11, 60, 3000);

        var result = PairedBootstrap.Run([good, worse, good], same, a, b, 0.05, resamples: 200);

        var goodVsWorse = result.Differences.Single(x => x.First == 0 && x.Second == 1);
        Assert.True(goodVsWorse.TarAtFar.Upper < 0, $"TAR difference {goodVsWorse.TarAtFar}");
        Assert.True(goodVsWorse.Eer.Lower > 0, $"EER difference {goodVsWorse.Eer}");
        Assert.True(goodVsWorse.TarAtFar.ExcludesZero);
        var itself = result.Differences.Single(x => x.First == 0 && x.Second == 2);
        Assert.Equal((0, 0, 0), (itself.TarAtFar.Estimate, itself.TarAtFar.Lower, itself.TarAtFar.Upper));
        Assert.False(itself.Eer.ExcludesZero);
    }

    [Fact]
    public void Run_RunsOfDifferentLengths_Throws() =>
        Assert.Throws<ArgumentException>(() => PairedBootstrap.Run([[0.1, 0.2], [0.3]], [true, false], [0, 1], [0, 2], 0.1));
}

using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Tests.Engine.Evaluation.Standards;

public class SubjectBootstrapTests
{
    /// <summary>Random tied scores over <paramref name="subjects"/> people: genuines within one, impostors across two.</summary>
    internal static List<SubjectPair> RandomPairs(int seed, int subjects, int pairs)
    {
        var random = new Random(seed);
        var list = new List<SubjectPair>();
        for (var i = 0; i < pairs; i++)
        {
            var a = random.Next(subjects);
            var same = random.Next(2) == 0;
            var b = same ? a : (a + 1 + random.Next(subjects - 1)) % subjects;
            // Rounded to make ties; genuines score higher on average.
            var score = Math.Round((same ? 0.6 : 0.3) + (random.NextDouble() * 0.5), 2);
            list.Add(new SubjectPair(score, same, a, b));
        }
        return list;
    }

    [Theory]
    [InlineData(1, 20, 300)]
    [InlineData(2, 7, 50)]
    [InlineData(3, 100, 2000)]
    public void Run_Estimates_EqualTheEvaluatorsFigures(int seed, int subjects, int n)
    {
        var pairs = RandomPairs(seed, subjects, n);
        var sorted = SortedScores.Create([.. pairs.Select(p => new ScoredPair(p.Score, p.Same, 0))]);
        var threshold = 0.65;

        var result = SubjectBootstrap.Run(pairs, threshold, [0.1, 0.01], resamples: 20, seed: 5);

        var at = sorted.AtThreshold(threshold);
        Assert.Equal(at.Fmr, result.Fmr.Estimate, 12);
        Assert.Equal(at.Fnmr, result.Fnmr.Estimate, 12);
        Assert.Equal(at.FalsePositives, result.Fmr.Errors);
        Assert.Equal(at.FalseNegatives, result.Fnmr.Errors);
        Assert.Equal(VerificationEvaluator.Auc(sorted)!.Value, result.Auc!.Estimate, 12);
        Assert.Equal(VerificationEvaluator.Eer(sorted)!.Value.Eer, result.Eer!.Estimate, 12);
        Assert.Equal(VerificationEvaluator.TarAtFar(sorted, 0.1).Tar, result.TarAtFar[0].Tar.Estimate, 12);
        Assert.Equal(VerificationEvaluator.TarAtFar(sorted, 0.01).Tar, result.TarAtFar[1].Tar.Estimate, 12);
    }

    [Fact]
    public void Run_ThreeSubjectsOneAlwaysWrong_ResampledFnmrFollowsTheBinomialOfPeople()
    {
        // Subject 0's genuine pairs are all rejected, subjects 1 and 2 always accepted: resampling people, FNMR is
        // (copies of subject 0) / 3 with copies ~ Binomial(3, 1/3): mean 1/3, 2.5% point 0, 97.5% point 1.
        var pairs = new List<SubjectPair>();
        for (var s = 0; s < 3; s++)
        {
            for (var k = 0; k < 4; k++)
            {
                pairs.Add(new SubjectPair(s == 0 ? 0.1 : 0.9, true, s, s));
            }
        }

        var result = SubjectBootstrap.Run(pairs, 0.5, [], resamples: 4000, seed: 11);

        Assert.Equal(1 / 3.0, result.Fnmr.Estimate, 12);
        Assert.Equal(0, result.Fnmr.Lower, 12);
        Assert.Equal(1, result.Fnmr.Upper, 12);
        Assert.True(result.Fnmr.FewErrors);
        Assert.Null(result.Auc); // no impostors
    }

    [Fact]
    public void Run_SameSeed_SameIntervals_OtherSeed_Differs()
    {
        var pairs = RandomPairs(9, 30, 600);

        var a = SubjectBootstrap.Run(pairs, 0.6, [0.05], 200, seed: 1);
        var b = SubjectBootstrap.Run(pairs, 0.6, [0.05], 200, seed: 1);
        var c = SubjectBootstrap.Run(pairs, 0.6, [0.05], 200, seed: 2);

        Assert.Equal(a.Fmr.Lower, b.Fmr.Lower);
        Assert.Equal(a.Auc!.Upper, b.Auc!.Upper);
        Assert.True(a.Fmr.Lower != c.Fmr.Lower || a.Fmr.Upper != c.Fmr.Upper || a.Auc.Lower != c.Auc!.Lower);
        Assert.True(a.Fmr.Lower <= a.Fmr.Estimate && a.Fmr.Estimate <= a.Fmr.Upper);
    }

    [Fact]
    public void Run_NoFalseAccepts_ReportsTheRuleOfThreeBound()
    {
        var pairs = new List<SubjectPair>();
        for (var s = 0; s < 10; s++)
        {
            pairs.Add(new SubjectPair(0.9, true, s, s));
            pairs.Add(new SubjectPair(0.1, false, s, (s + 1) % 10));
        }

        var result = SubjectBootstrap.Run(pairs, 0.5, [], 50);

        Assert.Equal(0, result.Fmr.Errors);
        Assert.Equal(3.0 / 10, result.Fmr.RuleOfThreeUpper!.Value, 12);
    }

    [Fact]
    public void Run_NaNScore_Throws() =>
        Assert.Throws<ArgumentException>(() => SubjectBootstrap.Run([new SubjectPair(double.NaN, true, 1, 1)], 0, []));

    [Theory]
    [InlineData(1, 20, 300)]
    [InlineData(4, 60, 3000)]
    public void RunWithCurve_EveryPoint_EqualsASeparateRunAtItsThreshold(int seed, int subjects, int n)
    {
        var pairs = RandomPairs(seed, subjects, n);
        // Unsorted, with a duplicate, one below every score, one above, and one exactly on a tied score.
        double[] thresholds = [0.7, 0.2, 0.55, 0.7, 2.0, 0.45, 0.9];

        var run = SubjectBootstrap.RunWithCurve(pairs, 0.65, [0.1], thresholds, resamples: 200, seed: 3);

        Assert.Equal(thresholds.Length, run.Curve.Count);
        for (var k = 0; k < thresholds.Length; k++)
        {
            var single = SubjectBootstrap.Run(pairs, thresholds[k], [], resamples: 200, seed: 3);
            var point = run.Curve[k];
            Assert.Equal(thresholds[k], point.Threshold);
            foreach (var (expected, actual) in new[] { (single.Fmr, point.Fmr), (single.Fnmr, point.Fnmr) })
            {
                Assert.Equal(expected.Estimate, actual.Estimate, 12);
                Assert.Equal(expected.Lower, actual.Lower, 12);
                Assert.Equal(expected.Upper, actual.Upper, 12);
                Assert.Equal(expected.Errors, actual.Errors);
                Assert.Equal(expected.Trials, actual.Trials);
            }
        }
        // Below every score everything is accepted, above every score nothing is.
        Assert.Equal(1, run.Curve[1].Fmr.Estimate, 12);
        Assert.Equal(0, run.Curve[1].Fnmr.Estimate, 12);
        Assert.Equal(0, run.Curve[4].Fmr.Estimate, 12);
        Assert.Equal(1, run.Curve[4].Fnmr.Estimate, 12);
        // The report's threshold is the same as a plain run's.
        var plain = SubjectBootstrap.Run(pairs, 0.65, [0.1], resamples: 200, seed: 3);
        Assert.Equal(plain.Fmr.Lower, run.AtThreshold.Fmr.Lower, 12);
        Assert.Equal(plain.TarAtFar[0].Tar.Upper, run.AtThreshold.TarAtFar[0].Tar.Upper, 12);
    }

    [Fact]
    public void RunWithCurve_NaNThreshold_Throws() =>
        Assert.Throws<ArgumentException>(() => SubjectBootstrap.RunWithCurve([new SubjectPair(0.5, true, 1, 1)], 0, [], [double.NaN]));
}

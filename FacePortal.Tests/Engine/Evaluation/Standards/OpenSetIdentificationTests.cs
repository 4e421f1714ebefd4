using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Tests.Engine.Evaluation.Standards;

public class OpenSetIdentificationTests
{
    private static List<SearchOutcome> Synthetic(int seed, int n)
    {
        var random = new Random(seed);
        var list = new List<SearchOutcome>();
        for (var i = 0; i < n; i++)
        {
            var mated = random.Next(3) > 0;
            var top = Math.Round(random.NextDouble(), 2);
            if (mated)
            {
                var rank = random.Next(0, 6); // 0 = not returned
                var mateScore = rank == 1 ? top : Math.Round(top * random.NextDouble(), 2);
                list.Add(new SearchOutcome(true, rank, mateScore, top));
            }
            else
            {
                list.Add(new SearchOutcome(false, 0, double.NaN, top));
            }
        }
        return list;
    }

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 0.003)]
    [InlineData(3, 0.1)]
    [InlineData(4, 0.5)]
    public void ThresholdForFpir_MeetsTheTarget_AndIsTheLowestThatDoes(int seed, double target)
    {
        var searches = Synthetic(seed, 500);

        var t = OpenSetIdentification.ThresholdForFpir(searches, target);

        Assert.True(OpenSetIdentification.Fpir(searches, t) <= target);
        // Any lower candidate threshold (the next top score below) lets in more than the target allows.
        var below = searches.Where(s => !s.Mated && s.TopScore < t).Select(s => s.TopScore).DefaultIfEmpty(double.NaN).Max();
        if (!double.IsNaN(below))
        {
            Assert.True(OpenSetIdentification.Fpir(searches, below) > target);
        }
    }

    [Fact]
    public void Fnir_CountsMatesBelowRankOrThreshold_AgainstANaiveCount()
    {
        var searches = Synthetic(7, 300);
        var mated = searches.Where(s => s.Mated).ToList();
        foreach (var rank in new[] { 1, 3, 5 })
        {
            foreach (var threshold in new[] { 0.0, 0.3, 0.7 })
            {
                var naive = mated.Count(s => !(s.MateRank is >= 1 && s.MateRank <= rank && s.MateScore >= threshold)) / (double)mated.Count;
                Assert.Equal(naive, OpenSetIdentification.Fnir(searches, rank, threshold), 12);
            }
        }
    }

    [Fact]
    public void PredictedFpir_GrowsWithGallerySize()
    {
        Assert.Equal(1 - Math.Pow(0.999, 1000), OpenSetIdentification.PredictedFpir(0.001, 1000), 12);
        Assert.Equal(0, OpenSetIdentification.PredictedFpir(0, 1_000_000));
        Assert.True(OpenSetIdentification.PredictedFpir(1e-4, 10_000) > OpenSetIdentification.PredictedFpir(1e-4, 1_000));
    }

    [Fact]
    public void InvestigationMissRate_FallsWithRank_AndCurveEndsAtTheTopScore()
    {
        var searches = Synthetic(5, 400);

        var miss = OpenSetIdentification.InvestigationMissRate(searches, 5);
        var curve = OpenSetIdentification.Curve(searches, 1, 50);

        for (var r = 1; r < miss.Count; r++)
        {
            Assert.True(miss[r] <= miss[r - 1]);
        }
        Assert.True(curve.Count <= 52);
        Assert.True(curve[0].Fpir >= curve[^1].Fpir);
    }

    [Fact]
    public void SubsampleIdentities_SeededSubsetOfTheRightSize()
    {
        var ids = Enumerable.Range(100, 40).ToList();

        var a = OpenSetIdentification.SubsampleIdentities(ids, 0.25, 3);
        var b = OpenSetIdentification.SubsampleIdentities(ids, 0.25, 3);

        Assert.Equal(10, a.Count);
        Assert.Equal(a, b);
        Assert.All(a, id => Assert.Contains(id, ids));
    }
}

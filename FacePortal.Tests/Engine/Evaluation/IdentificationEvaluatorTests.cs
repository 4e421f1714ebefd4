using FacePortal.Engine.Recognition;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Search;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Engine.Evaluation;

public class IdentificationEvaluatorTests
{
    [Fact]
    public void Evaluate_HandMadeDescriptors_GivesRanksCmcAndOpenSetRates()
    {
        // Identities 1..3 on a line, two images each (whichever is the probe, its twin stays in the gallery):
        //   1 at x=0 and x=0.1; 2 at x=10 and x=10.1; 3 at x=13 and x=7 (its images 6 apart, either one about 3
        //   from identity 2 and farther than 6 from identity 1: its probe finds identity 2 first, itself second).
        // Strangers (single images): x=100, x=0.05 (right next to identity 1), x=200.
        float[][] data = [[0], [0.1f], [10], [10.1f], [13], [7], [100], [0.05f], [200]];
        int[] ids = [1, 1, 2, 2, 3, 3, 4, 5, 6];

        var result = IdentificationEvaluator.Evaluate(data, ids, DistanceMetric.Euclidean, IdentityScoring.BestImage, k: 2, seed: 42, CancellationToken.None);

        Assert.Equal(3, result.MatedProbes);
        Assert.Equal(3, result.NonMatedProbes);
        Assert.Equal(3, result.GalleryIdentities);
        Assert.Equal(3, result.GalleryDescriptors);
        // Identities 1 and 2 are found first; identity 3 second (behind 2): rank-1 2/3, rank-2 3/3.
        Assert.Equal(2.0 / 3, result.Rank1, 6);
        Assert.Equal(1.0, result.RankK, 6);
        Assert.Equal([2.0 / 3, 1.0, 1.0], result.Cmc, new ToleranceComparer(1e-9));
        // FAR 0.1 with 3 strangers: fewer than one false alarm allowed, so not measurable.
        Assert.All(result.OpenSet, o => Assert.Null(o.Dir));
    }

    [Fact]
    public void Evaluate_HoldOut_RepeatedIdentitiesBecomeStrangersSeededAndNothingOfThemIsEnrolled()
    {
        // Twenty identities of three images each, no single-image identity: without a hold-out there is no stranger.
        var data = new List<float[]>();
        var ids = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                data.Add([10f * i + 0.1f * j]);
                ids.Add(i);
            }
        }
        var none = IdentificationEvaluator.Evaluate(data, ids, DistanceMetric.Euclidean, IdentityScoring.BestImage, 1, 7, CancellationToken.None);
        var held = IdentificationEvaluator.Evaluate(data, ids, DistanceMetric.Euclidean, IdentityScoring.BestImage, 1, 7, CancellationToken.None, holdOut: 0.25);
        var again = IdentificationEvaluator.Evaluate(data, ids, DistanceMetric.Euclidean, IdentityScoring.BestImage, 1, 7, CancellationToken.None, holdOut: 0.25);

        Assert.Equal((20, 0, 20, 40), (none.MatedProbes, none.NonMatedProbes, none.GalleryIdentities, none.GalleryDescriptors));
        // 25% of 20: five identities search as strangers (one image each) and none of their 15 images is enrolled.
        Assert.Equal((15, 5, 15, 30), (held.MatedProbes, held.NonMatedProbes, held.GalleryIdentities, held.GalleryDescriptors));
        Assert.Equal(held.Cmc, again.Cmc);
        Assert.Equal(1.0, held.Rank1, 9);
        var bySize = IdentificationEvaluator.EvaluateBySize(data, ids, DistanceMetric.Euclidean, IdentityScoring.BestImage, 1, 7, [], CancellationToken.None, holdOut: 0.25);
        Assert.Equal(5, bySize.Sizes[^1].NonMatedSearches);
        Assert.Throws<ArgumentOutOfRangeException>(() => IdentificationEvaluator.Evaluate(data, ids, DistanceMetric.Euclidean, IdentityScoring.BestImage, 1, 7, CancellationToken.None, holdOut: 0.95));
        Assert.Throws<ArgumentOutOfRangeException>(() => IdentificationEvaluator.Evaluate(data, ids, DistanceMetric.Euclidean, IdentityScoring.BestImage, 1, 7, CancellationToken.None, holdOut: double.NaN));
    }

    [Fact]
    public void Evaluate_ManyStrangers_DirAtFarUsesTheStrangersThreshold()
    {
        // Ten identities of two images 0.1 apart, spaced 10 apart; twenty strangers far away but one very close.
        var data = new List<float[]>();
        var ids = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            data.Add([10 * i]);
            data.Add([10 * i + 0.1f]);
            ids.AddRange([i, i]);
        }
        for (var s = 0; s < 20; s++)
        {
            data.Add([s == 0 ? 0.02f : 1000 + 10 * s]);
            ids.Add(100 + s);
        }

        var result = IdentificationEvaluator.Evaluate(data, ids, DistanceMetric.Euclidean, IdentityScoring.Centroid, k: 1, seed: 1, CancellationToken.None);

        Assert.Equal(1.0, result.Rank1);
        var at10 = result.OpenSet.Single(o => o.Far == 0.1);
        // Two false alarms are allowed out of 20: the threshold is the third-nearest stranger, far away: every probe passes.
        Assert.Equal(1.0, at10.Dir);
        var at1 = result.OpenSet.Single(o => o.Far == 0.01);
        Assert.Null(at1.Dir);
    }

    [Fact]
    public void Evaluate_SameSeed_SameSplit()
    {
        var (data, labels) = RandomDescriptors.Clustered(20, 3, 16, seed: 9);
        var a = IdentificationEvaluator.Evaluate(data, labels, DistanceMetric.Euclidean, IdentityScoring.BestImage, 5, 7, CancellationToken.None);
        var b = IdentificationEvaluator.Evaluate(data, labels, DistanceMetric.Euclidean, IdentityScoring.BestImage, 5, 7, CancellationToken.None);
        Assert.Equal(a.Cmc, b.Cmc);
        Assert.Equal(20, a.MatedProbes);
        Assert.True(a.Rank1 > 0.9, $"rank-1 {a.Rank1} on well separated identities");
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}

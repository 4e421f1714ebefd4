using FacePortal.Engine.Evaluation;

namespace FacePortal.Tests.Engine.Evaluation;

public class RocDownsamplerTests
{
    [Theory]
    [InlineData(1, 2000)]
    [InlineData(2, 500)]
    [InlineData(3, 50)]
    public void Downsample_LargeRoc_BoundedKeepsEndsAndUpperEnvelopeAtLowFar(int seed, int maxPoints)
    {
        // 200,000 impostors: FARs down to 5e-6; continuous scores, so ~300,000 ROC points.
        var rng = new Random(seed);
        var pairs = Enumerable.Range(0, 300_000).Select(i =>
        {
            var same = i % 3 == 0;
            return new ScoredPair(rng.NextDouble() + (same ? 0.6 : 0), same, 0);
        }).ToList();
        var roc = VerificationEvaluator.Roc(pairs);
        var small = RocDownsampler.Downsample(roc, maxPoints);

        Assert.InRange(small.Count, maxPoints / 2, maxPoints);
        Assert.Equal(roc[0], small[0]);
        Assert.Equal(roc[^1], small[^1]);
        var lastAtZeroFar = roc.Last(p => p.Far == 0);
        Assert.Contains(lastAtZeroFar, small);
        Assert.All(small.Zip(small.Skip(1)), s => Assert.True(s.First.Threshold > s.Second.Threshold));

        // Every original point with FAR > 0 is dominated by a kept point at most one log bin further right.
        var logLow = Math.Log10(roc.First(p => p.Far > 0).Far);
        var binWidth = -logLow / ((maxPoints - 3) / 2);
        var kept = small.ToArray();
        var j = 0;
        foreach (var p in roc.Where(p => p.Far > 0))
        {
            while (kept[j].Far < p.Far || kept[j].Tar < p.Tar)
            {
                j++;
            }

            Assert.True(Math.Log10(kept[j].Far) - Math.Log10(p.Far) <= binWidth + 1e-12, $"point FAR {p.Far} next kept {kept[j].Far}");
        }
    }

    [Fact]
    public void Downsample_SmallRoc_ReturnedWhole()
    {
        var roc = VerificationEvaluator.Roc([new(1, true, 0), new(0, false, 0)]);
        Assert.Equal(roc, RocDownsampler.Downsample(roc));
    }

    [Fact]
    public void Downsample_NotNondecreasingFar_Throws()
    {
        RocPoint[] roc = [new(2, 0.5, 0.5), new(1, 0.2, 1)];
        Assert.Throws<ArgumentException>(() => RocDownsampler.Downsample(roc, 10));
    }
}

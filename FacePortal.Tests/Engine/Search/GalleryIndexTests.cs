using FacePortal.Engine.Recognition;
using FacePortal.Engine.Search;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Engine.Search;

public class GalleryIndexTests
{
    private static GalleryIndex Index(float[][] descriptors, int[] identities, DistanceMetric metric = DistanceMetric.Euclidean) =>
        new(1, "t", "sig", metric, descriptors[0].Length,
            descriptors.Select((d, r) => new GalleryIndexRow(1000 + r, 2000 + r, identities[r], $"person {identities[r]}", $"hash{r}", d)).ToList());

    private static double Naive(float[] a, float[] b, DistanceMetric metric) => metric == DistanceMetric.Euclidean
        ? Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum())
        : 1 - a.Zip(b, (x, y) => (double)x * y).Sum() / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(x => (double)x * x));

    [Theory]
    [InlineData(DistanceMetric.Euclidean, 500)]
    [InlineData(DistanceMetric.Cosine, 500)]
    [InlineData(DistanceMetric.Euclidean, 40_000)] // large enough for the parallel scan
    public void SearchExact_RandomDescriptors_SameTopKAsANaiveLoop(DistanceMetric metric, int count)
    {
        var data = RandomDescriptors.Uniform(count, 128, seed: 1);
        using var index = Index(data, Enumerable.Range(0, count).ToArray(), metric);
        foreach (var probe in RandomDescriptors.Uniform(5, 128, seed: 2))
        {
            var expected = data.Select((d, r) => (Row: r, Distance: Naive(d, probe, metric))).OrderBy(x => x.Distance).Take(10).ToList();
            var actual = index.SearchExact(probe, 10);
            Assert.Equal(expected.Select(x => x.Row), actual.Select(n => n.Row));
            Assert.All(actual.Zip(expected), p => Assert.Equal(p.Second.Distance, p.First.Distance, 1e-4));
        }
    }

    [Fact]
    public void SearchExact_KLargerThanTheGallery_ReturnsEveryRowInOrder()
    {
        var data = RandomDescriptors.Uniform(7, 16, seed: 3);
        using var index = Index(data, [0, 1, 2, 3, 4, 5, 6]);
        var all = index.SearchExact(data[4], 50);
        Assert.Equal(7, all.Length);
        Assert.Equal(4, all[0].Row);
        Assert.Equal(0, all[0].Distance, 5);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Distance <= p.Second.Distance));
    }

    [Theory]
    [InlineData(DistanceMetric.Euclidean)]
    [InlineData(DistanceMetric.Cosine)]
    public void Identify_BestImage_RanksIdentitiesByTheirNearestImage(DistanceMetric metric)
    {
        var (data, labels) = RandomDescriptors.Clustered(identities: 30, perIdentity: 4, dimensions: 32, seed: 4);
        using var index = Index(data, labels, metric);
        var probe = RandomDescriptors.Uniform(1, 32, seed: 5)[0];

        var expected = data.Select((d, r) => (Identity: labels[r], Row: r, Distance: Naive(d, probe, metric)))
            .GroupBy(x => x.Identity).Select(g => g.MinBy(x => x.Distance)).OrderBy(x => x.Distance).Take(5).ToList();
        var actual = index.Identify(probe, 5, IdentityScoring.BestImage);

        Assert.Equal(expected.Select(x => x.Identity), actual.Select(c => c.IdentityId));
        Assert.Equal(expected.Select(x => 2000 + x.Row), actual.Select(c => c.ImageId));
        Assert.Equal($"hash{expected[0].Row}", actual[0].ContentHash);
        Assert.All(actual.Zip(expected), p => Assert.Equal(p.Second.Distance, p.First.Distance, 1e-4));
        Assert.Equal($"person {expected[0].Identity}", actual[0].Identity);
        Assert.Equal(DescriptorMath.Similarity(actual[0].Distance, metric), actual[0].Score, 6);
    }

    [Fact]
    public void Identify_Centroid_RanksIdentitiesByTheirMeanDescriptor()
    {
        // Identity 0: two images either side of the probe (centroid on it); identity 1: one image nearer than either.
        float[][] data = [[1, 0], [-1, 0], [0.5f, 0.5f]];
        using var index = Index(data, [0, 0, 1]);

        var best = index.Identify([0, 0], 2, IdentityScoring.BestImage);
        var centroid = index.Identify([0, 0], 2, IdentityScoring.Centroid);

        Assert.Equal([1, 0], best.Select(c => c.IdentityId));
        Assert.Equal([0, 1], centroid.Select(c => c.IdentityId));
        Assert.Equal(0, centroid[0].Distance, 6);
        Assert.Equal(Math.Sqrt(0.5), centroid[1].Distance, 5);
    }

    [Fact]
    public void Identify_ProbeOfTheWrongLength_Throws()
    {
        using var index = Index(RandomDescriptors.Uniform(3, 8, seed: 6), [0, 1, 2]);
        Assert.Throws<ArgumentException>(() => index.Identify(new float[9], 1, IdentityScoring.BestImage));
    }
}

using FacePortal.Engine.Recognition;
using FacePortal.Engine.Search;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Engine.Search;

public class ApproximateIndexTests
{
    [Theory]
    [InlineData(DistanceMetric.Euclidean)]
    [InlineData(DistanceMetric.Cosine)]
    public void Build_FaceLikeDescriptors_HighRecallAndExactDistances(DistanceMetric metric)
    {
        var (data, labels) = RandomDescriptors.Clustered(identities: 500, perIdentity: 4, dimensions: 128, seed: 11);
        using var index = new GalleryIndex(1, "t", "s", metric, 128,
            data.Select((d, r) => new GalleryIndexRow(r, r, labels[r], $"p{labels[r]}", "h", d)).ToList());

        using var approximate = ApproximateIndex.Build(index, ApproximateIndexOptions.Default, CancellationToken.None);

        Assert.True(approximate.RecallAt10 >= 0.95, $"recall@10 {approximate.RecallAt10}");
        Assert.Equal(200, approximate.RecallQueries);
        // Distances are the portal's (Euclidean, not squared; cosine distance), so thresholds mean the same.
        var probe = data[3];
        var exact = index.SearchExact(probe, 5);
        var found = approximate.Search(metric == DistanceMetric.Cosine ? Unit(probe) : probe, 5)!;
        Assert.Equal(exact[0].Row, found[0].Row);
        Assert.Equal(exact[1].Distance, found[1].Distance, 3);
    }

    [Fact]
    public void Search_AfterDispose_ReturnsNullSoTheCallerFallsBack()
    {
        var data = RandomDescriptors.Uniform(50, 8, seed: 1);
        using var index = new GalleryIndex(1, "t", "s", DistanceMetric.Euclidean, 8,
            data.Select((d, r) => new GalleryIndexRow(r, r, r, $"p{r}", "h", d)).ToList());
        var approximate = ApproximateIndex.Build(index, ApproximateIndexOptions.Default, CancellationToken.None);
        index.AttachApproximate(approximate);
        approximate.Dispose();

        Assert.Null(approximate.Search(data[0], 3));
        Assert.Equal(0, index.Identify(data[0], 1, IdentityScoring.BestImage)[0].IdentityId);
    }

    [Fact]
    public void SaveThenLoad_SameNeighboursAsTheBuiltIndex_AndTheRecallMeasuredAtBuild()
    {
        var (data, labels) = RandomDescriptors.Clustered(identities: 300, perIdentity: 5, dimensions: 64, seed: 21);
        using var index = new GalleryIndex(1, "t", "s", DistanceMetric.Cosine, 64,
            data.Select((d, r) => new GalleryIndexRow(r, r, labels[r], $"p{labels[r]}", "h", d)).ToList());
        var options = ApproximateIndexOptions.Default with { RecallSample = 50 };
        using var built = ApproximateIndex.Build(index, options, CancellationToken.None);
        var path = Path.Combine(Path.GetTempPath(), $"faceportal-hnsw-{Guid.NewGuid():N}.usearch");
        try
        {
            built.Save(path);
            using var loaded = ApproximateIndex.Load(path, index, options, built.RecallAt10, built.RecallQueries);

            Assert.Equal(built.RecallAt10, loaded.RecallAt10);
            Assert.Equal(50, loaded.RecallQueries);
            for (var q = 0; q < 30; q++)
            {
                var probe = Unit(data[q * 37]);
                Assert.Equal(built.Search(probe, 100)!, loaded.Search(probe, 100)!);
            }
            // Rows and graph must match: a graph saved for other rows is refused.
            using var other = new GalleryIndex(1, "t", "s", DistanceMetric.Cosine, 64,
                data.Take(10).Select((d, r) => new GalleryIndexRow(r, r, r, $"p{r}", "h", d)).ToList());
            Assert.Throws<InvalidDataException>(() => ApproximateIndex.Load(path, other, options, 1, 0));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void USearchNative_FindsTheBindingsHandle_SoBuildsReserveOnceAndLoadsKeepTheirExpansion()
    {
        // A USearch upgrade that renames the binding's handle would silently fall back to batch adds and expansion 64.
        Assert.True(USearchNative.Available);
    }

    private static float[] Unit(float[] v)
    {
        var n = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / n).ToArray();
    }
}

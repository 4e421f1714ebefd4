using FacePortal.Engine.Curation;
using FacePortal.Engine.Recognition;

namespace FacePortal.Tests.Engine.Curation;

public class FaceClustererTests
{
    [Fact]
    public void Cluster_PlantedIdentities_OneClusterEachStrangerAloneCohesionBelowThreshold()
    {
        var g = PlantedGallery.Clean(identities: 15, faces: 5);
        g.AddFace(999, g.NewCentre());

        var result = FaceClusterer.Cluster(g.Set(), PlantedGallery.Threshold);
        var quality = ClusterQuality.Pairwise(result.Labels, [.. g.Faces.Select(f => f.IdentityId)]);

        Assert.False(result.Approximate);
        Assert.Equal(16, result.Count);
        Assert.Equal(1, quality.FMeasure, 12);
        // Largest first: the stranger, alone, comes last with cohesion 0; the others are tight (noise ~0.3 apart).
        Assert.Equal(0, result.Cohesion[^1]);
        Assert.All(result.Cohesion[..^1], c => Assert.InRange(c, 0.05, PlantedGallery.Threshold));
    }

    [Fact]
    public void Cluster_ThresholdZero_EveryFaceItsOwnCluster()
    {
        var g = PlantedGallery.Clean(identities: 4, faces: 3);

        var result = FaceClusterer.Cluster(g.Set(), 0);

        Assert.Equal(12, result.Count);
    }

    [Fact]
    public void ApproximateGraph_MatchesTheExactGraphsClusters()
    {
        var g = PlantedGallery.Clean(identities: 40, faces: 6);
        var set = g.Set();

        var exact = ChineseWhispers.Cluster(NeighbourGraph.Exact(set, 20, PlantedGallery.Threshold), PlantedGallery.Threshold);
        var approximate = ChineseWhispers.Cluster(FaceClusterer.ApproximateGraph(set, 20, PlantedGallery.Threshold, CancellationToken.None), PlantedGallery.Threshold);

        Assert.Equal(1, ClusterQuality.Pairwise(approximate, exact).FMeasure, 12);
    }

    [Fact]
    public void ApproximateGraph_Cosine_DistancesAreOneMinusCosine()
    {
        var set = DescriptorSet.From([[1f, 0f], [0.8f, 0.6f], [0f, 1f]], DistanceMetric.Cosine);

        var graph = FaceClusterer.ApproximateGraph(set, 2, 0.5, CancellationToken.None);

        var (node, distance) = Assert.Single(graph.Neighbours(0));
        Assert.Equal(1, node);
        Assert.Equal(0.2, distance, 4);
    }

    [Fact]
    public void Cohesion_IsTheMeanPairDistance()
    {
        var set = DescriptorSet.From([[0f, 0f], [3f, 4f], [0f, 4f]], DistanceMetric.Euclidean);

        Assert.Equal((5 + 4 + 3) / 3.0, FaceClusterer.Cohesion(set, [0, 1, 2]), 6);
        Assert.Equal(0, FaceClusterer.Cohesion(set, [1]));
    }

    [Fact]
    public void Cluster_Cancelled_Throws()
    {
        var g = PlantedGallery.Clean(identities: 5, faces: 3);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => FaceClusterer.Cluster(g.Set(), PlantedGallery.Threshold, cancellationToken: cts.Token));
    }

    [Fact]
    public void Cluster_BadThreshold_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FaceClusterer.Cluster(PlantedGallery.Clean(2, 2).Set(), double.NaN));
    }
}

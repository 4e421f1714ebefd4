using FacePortal.Engine.Curation;

namespace FacePortal.Tests.Engine.Curation;

public class ChineseWhispersTests
{
    [Fact]
    public void Cluster_SyntheticIdentities_RecoversThem()
    {
        var g = PlantedGallery.Clean(identities: 30, faces: 6);
        g.AddFace(999, g.NewCentre()); // a stranger stays a singleton

        var labels = ChineseWhispers.Cluster(g.Graph(), PlantedGallery.Threshold);
        var quality = ClusterQuality.Pairwise(labels, [.. g.Faces.Select(f => f.IdentityId)]);

        Assert.Equal(31, quality.Clusters);
        Assert.Equal(1, quality.Singletons);
        Assert.Equal(1, quality.FMeasure, 12);
    }

    [Fact]
    public void Cluster_SameSeed_SameLabels()
    {
        var g = PlantedGallery.Clean(identities: 12, faces: 4);

        Assert.Equal(ChineseWhispers.Cluster(g.Graph(), PlantedGallery.Threshold, seed: 3), ChineseWhispers.Cluster(g.Graph(), PlantedGallery.Threshold, seed: 3));
    }

    [Fact]
    public void Pairwise_HandWorked()
    {
        // Clusters {0,1} {2,3}; people {0,1,2} {3}: 2 pairs put together, 1 of them right; 3 true pairs.
        var q = ClusterQuality.Pairwise([0, 0, 1, 1], [7, 7, 7, 8]);

        Assert.Equal(2, q.PredictedPairs);
        Assert.Equal(1, q.CorrectPairs);
        Assert.Equal(3, q.TruePairs);
        Assert.Equal(0.5, q.Precision, 12);
        Assert.Equal(1 / 3.0, q.Recall, 12);
        Assert.Equal(0.4, q.FMeasure, 12);
    }

    [Fact]
    public void FromNeighbours_MakesLinksSymmetricAndDropsSelfLinks()
    {
        var graph = NeighbourGraph.FromNeighbours(3, [[(0, 0.0), (1, 0.2)], [], [(1, 0.3)]]);

        Assert.Equal(2, graph.EdgeCount);
        Assert.Contains(graph.Neighbours(1), n => n.Node == 0);
        Assert.Contains(graph.Neighbours(1), n => n.Node == 2);
        Assert.DoesNotContain(graph.Neighbours(0), n => n.Node == 0);
    }
}

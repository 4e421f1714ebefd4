using FacePortal.Engine.Curation;

namespace FacePortal.Tests.Engine.Curation;

public class ClusteringThresholdTests
{
    [Fact]
    public void AtFmr_TwoThousandImpostors_AcceptsExactlyTheTwoClosest()
    {
        var random = new Random(3);
        var distances = Enumerable.Range(0, 2000).Select(_ => 0.2 + random.NextDouble()).ToList();

        var threshold = ClusteringThreshold.AtFmr(distances, 1e-3)!.Value;

        Assert.Equal(2, distances.Count(d => d <= threshold));
        Assert.Equal(distances.Order().ElementAt(2), threshold, 12);
    }

    [Fact]
    public void AtFmr_FewerImpostorsThanTheRateResolves_Null()
    {
        Assert.Null(ClusteringThreshold.AtFmr([.. Enumerable.Repeat(0.5, 999)], 1e-3));
        Assert.Null(ClusteringThreshold.AtFmr([], 1e-3));
    }

    [Fact]
    public void AtFmr_OneThousandEvenlySpread_OnlyTheClosestAccepted()
    {
        // 1,000 impostors at 1e-3 allow one false match: the threshold falls between the first and the second.
        var distances = Enumerable.Range(1, 1000).Select(i => i / 1000.0).ToList();

        var threshold = ClusteringThreshold.AtFmr(distances, 1e-3)!.Value;

        Assert.Equal(1, distances.Count(d => d <= threshold));
        Assert.True(threshold < 0.002);
    }

    [Fact]
    public void CatalogueModels_EachHasAClusteringDefaultStricterThanItsVerificationThreshold_CarriedIntoItsOptions()
    {
        foreach (var model in FacePortal.Engine.Models.Catalogue.ModelCatalogue.All)
        {
            Assert.True(model.ClusterThreshold is { } c && c > 0 && c < model.Threshold, $"{model.Name}: {model.ClusterThreshold} vs {model.Threshold}");
            Assert.Equal(model.ClusterThreshold, model.ToEmbeddingModel("/models/x.onnx").ClusterThreshold);
        }
    }
}

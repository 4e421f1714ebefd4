using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Evaluations.Differentials;
using FacePortal.Web.Features.Clusters;
using Microsoft.Extensions.DependencyInjection;
using static FacePortal.Tests.Web.Features.Clusters.ClusterTestSupport;

namespace FacePortal.Tests.Web.Features.Clusters;

/// <summary>Where the clustering job's default threshold comes from, over a real database and the real engine's model.</summary>
[Collection(EngineCollection.Name)]
public class ClusterModelsTests(EngineFixture engine)
{
    [Fact]
    public async Task ResolveAsync_NoEvaluation_ModelsClusteringDefaultStricterThanVerification()
    {
        await using var data = await DatabaseAsync(engine);
        var gallery = await data.AddGalleryAsync("plain");

        var model = await data.Services.GetRequiredService<ClusterModels>().ResolveAsync(gallery, null, CancellationToken.None);

        Assert.Equal(0.5, model.DefaultThreshold);
        Assert.True(model.DefaultThreshold < FacePortal.Engine.Recognition.EmbeddingModelOptions.FaceApi.Threshold);
        Assert.Equal("the model's clustering default", model.DefaultSource);
    }

    [Fact]
    public async Task ResolveAsync_FullyScoredEvaluation_ThresholdAtFmrOneInAThousand()
    {
        await using var data = await DatabaseAsync(engine);
        // 1,000 impostor pairs at distances 0.301, 0.302 ... 1.3 and 10 genuine ones: FMR 1e-3 allows one false match.
        var images = new List<StandardsTestData.Image> { new("a1", "A"), new("a2", "A"), new("b1", "B") };
        var pairs = Enumerable.Range(1, 1000).Select(i => new StandardsTestData.Pair("a1", "b1", false, -(0.3 + i / 1000.0)))
            .Concat(Enumerable.Range(0, 10).Select(_ => new StandardsTestData.Pair("a1", "a2", true, -0.2))).ToList();
        var seeded = await StandardsTestData.CreateAsync(data, new Dictionary<string, string[]> { ["A"] = [], ["B"] = [] }, images, pairs);

        var model = await data.Services.GetRequiredService<ClusterModels>().ResolveAsync(seeded.GalleryId, null, CancellationToken.None);

        // Just below the second impostor (computed as the seed computed it): only the closest one is accepted.
        Assert.True(model.DefaultThreshold >= 0.3 + 1 / 1000.0 && model.DefaultThreshold < 0.3 + 2 / 1000.0, $"{model.DefaultThreshold:R}");
        Assert.Contains($"evaluation #{seeded.RunId}", model.DefaultSource, StringComparison.Ordinal);
        Assert.Contains("1000 impostor pairs", model.DefaultSource, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_EvaluationLooserThanTheClusteringDefault_KeepsTheStricterDefaultAndSaysWhy()
    {
        await using var data = await DatabaseAsync(engine);
        // Impostors at distances 0.601 ... 1.6: FMR 1e-3 lands near 0.6, looser than face-api's clustering default 0.5.
        var images = new List<StandardsTestData.Image> { new("a1", "A"), new("a2", "A"), new("b1", "B") };
        var pairs = Enumerable.Range(1, 1000).Select(i => new StandardsTestData.Pair("a1", "b1", false, -(0.6 + i / 1000.0)))
            .Concat(Enumerable.Range(0, 10).Select(_ => new StandardsTestData.Pair("a1", "a2", true, -0.2))).ToList();
        var seeded = await StandardsTestData.CreateAsync(data, new Dictionary<string, string[]> { ["A"] = [], ["B"] = [] }, images, pairs);

        var model = await data.Services.GetRequiredService<ClusterModels>().ResolveAsync(seeded.GalleryId, null, CancellationToken.None);

        Assert.Equal(0.5, model.DefaultThreshold);
        Assert.StartsWith($"the model's clustering default, stricter than FMR 0.001 in evaluation #{seeded.RunId} (1000 impostor pairs): 0.60", model.DefaultSource, StringComparison.Ordinal);
    }
}

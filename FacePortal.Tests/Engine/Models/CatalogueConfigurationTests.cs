using FacePortal.Engine;
using FacePortal.Engine.Models.Catalogue;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace FacePortal.Tests.Engine.Models;

/// <summary>The catalogue's array settings through real configuration binding (a JSON file, then environment variables), bound as the portal binds them.</summary>
public sealed class CatalogueConfigurationTests : IDisposable
{
    private readonly EngineOptionsBinding _binding = new();

    public void Dispose() => _binding.Dispose();

    private FaceEngineOptions Bind(string? json, params (string Key, string Value)[] environment) => _binding.Bind(json, environment);

    [Fact]
    public void CatalogueModels_FromJson_ExactlyTheConfiguredNamesUsableAsRecognitionModel()
    {
        var options = Bind("""
            { "FacePortal": { "Engine": { "CatalogueModels": [ "mobileface", "faceres" ], "Pipeline": { "RecognitionModel": "mobileface" },
              "Models": { "OfflinePackageFolders": [ "/srv/human-models" ] } } } }
            """);

        Assert.Equal(["mobileface", "faceres"], options.CatalogueModels);
        Assert.Equal(["/srv/human-models"], options.Models.OfflinePackageFolders);
        var model = options.FindModel("mobileface");
        Assert.Equal(112, model.Width);
        Assert.Equal(ModelAlignment.ArcFace, model.Alignment);
        Assert.Equal(DistanceMetric.Cosine, model.Metric);
        Assert.Equal(256, model.EmbeddingSize);
        Assert.Equal("BGR", model.ChannelOrder);
        Assert.Equal(224, options.FindModel("faceres").Width);
    }

    [Fact]
    public void CatalogueModels_FromEnvironment_OverrideJsonItemByIndex()
    {
        var options = Bind("""{ "FacePortal": { "Engine": { "CatalogueModels": [ "faceres" ] } } }""",
            ("FacePortal__Engine__CatalogueModels__0", "mobileface"), ("FacePortal__Engine__CatalogueModels__1", "faceres"));

        Assert.Equal(["mobileface", "faceres"], options.CatalogueModels);
    }

    [Fact]
    public void CatalogueModels_None_DefaultIsEmpty()
    {
        var options = Bind(null);

        Assert.Empty(options.CatalogueModels);
        Assert.Empty(options.Models.OfflinePackageFolders);
        Assert.Equal(EmbeddingModelOptions.BuiltInName, options.Pipeline.RecognitionModel);
    }

    [Fact]
    public void CatalogueModels_UnknownName_RefusedAtStartNamingTheSettingAndTheKnownNames()
    {
        // mobilefacenet is imported by the tests but not offered (see ModelCatalogue): refused like any unknown name.
        Assert.Throws<OptionsValidationException>(() => Bind(null, ("FacePortal__Engine__CatalogueModels__0", "mobilefacenet")));
        var e = Assert.Throws<OptionsValidationException>(() => Bind(null, ("FacePortal__Engine__CatalogueModels__0", "arcface-r100")));

        Assert.Contains("CatalogueModels:0", e.Message);
        Assert.Contains("arcface-r100", e.Message);
        Assert.All(ModelCatalogue.All, m => Assert.Contains(m.Name, e.Message));
    }

    [Fact]
    public void CatalogueModels_NameAlsoAnEmbeddingModel_Refused()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Bind(null,
            ("FacePortal__Engine__CatalogueModels__0", "mobileface"),
            ("FacePortal__Engine__EmbeddingModels__0__Name", "mobileface"),
            ("FacePortal__Engine__EmbeddingModels__0__Path", "/models/m.onnx")));

        Assert.Contains("'mobileface' is used twice", e.Message);
    }
}

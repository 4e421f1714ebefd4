using FacePortal.Engine;
using FacePortal.Engine.Alignment;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace FacePortal.Tests.Engine.Recognition;

/// <summary>
/// The engine's array settings through real configuration binding (a JSON file, then environment variables), bound
/// as the portal binds them: the binder appends configured items to an initialised array, so a default array would
/// turn the README's 3 values into 6.
/// </summary>
public sealed class EmbeddingModelConfigurationTests : IDisposable
{
    // The README's example, as a user would paste it into appsettings.json.
    private const string ReadmeJson = """
        {
          "FacePortal": {
            "Engine": {
              "EmbeddingModels": [
                { "Name": "arcface", "Path": "/models/arcface-r100.onnx", "InputSize": 112, "Layout": "Nchw",
                  "ChannelOrder": "RGB", "Mean": [127.5, 127.5, 127.5], "Std": [127.5, 127.5, 127.5],
                  "EmbeddingSize": 512, "Metric": "Cosine", "Threshold": 0.6 }
              ]
            }
          }
        }
        """;

    private readonly EngineOptionsBinding _binding = new();

    public void Dispose() => _binding.Dispose();

    private FaceEngineOptions Bind(string? json, params (string Key, string Value)[] environment) => _binding.Bind(json, environment);

    [Fact]
    public void Engine_ReadmeExampleFromJson_HasExactlyTheConfiguredMeanAndStd()
    {
        var model = Bind(ReadmeJson).EmbeddingModels.Single();

        Assert.Equal(new[] { 127.5f, 127.5f, 127.5f }, model.Mean);
        Assert.Equal(new[] { 127.5f, 127.5f, 127.5f }, model.Std);
        Assert.Equal(112, model.InputSize);
        Assert.Equal(TensorLayout.Nchw, model.Layout);
        Assert.Equal(DistanceMetric.Cosine, model.Metric);
    }

    [Fact]
    public void Engine_ModelFromEnvironmentVariablesOnly_HasExactlyTheConfiguredMeanAndStd()
    {
        const string m = "FacePortal__Engine__EmbeddingModels__0__";
        var options = Bind(null,
            (m + "Name", "arcface"), (m + "Path", "/models/a.onnx"), (m + "InputSize", "112"),
            (m + "Mean__0", "127"), (m + "Mean__1", "127"), (m + "Mean__2", "127"),
            (m + "Std__0", "128"), (m + "Std__1", "128"), (m + "Std__2", "128"));

        var model = options.EmbeddingModels.Single();
        Assert.Equal(new[] { 127f, 127f, 127f }, model.Mean);
        Assert.Equal(new[] { 128f, 128f, 128f }, model.Std);
    }

    [Fact]
    public void Engine_EnvironmentVariableOverJson_ReplacesOneItemAndAddsAModel()
    {
        var options = Bind(ReadmeJson,
            ("FacePortal__Engine__EmbeddingModels__0__Mean__1", "100"),
            ("FacePortal__Engine__EmbeddingModels__1__Name", "sface"),
            ("FacePortal__Engine__EmbeddingModels__1__Path", "/models/sface.onnx"));

        Assert.Equal(2, options.EmbeddingModels.Length);
        Assert.Equal(new[] { 127.5f, 100f, 127.5f }, options.EmbeddingModels[0].Mean);
        var sface = options.EmbeddingModels[1];
        Assert.Null(sface.Mean);
        Assert.Equal([0f, 0f, 0f], sface.MeanOrDefault);
        Assert.Equal([1f, 1f, 1f], sface.StdOrDefault);
    }

    [Fact]
    public void Engine_ReferencePointsFromJsonAndEnvironment_ExactlyTheTenConfiguredValues()
    {
        const string json = """
            { "FacePortal": { "Engine": { "EmbeddingModels": [
              { "Name": "sphereface", "Path": "/models/s.onnx", "InputWidth": 96, "InputHeight": 112, "Alignment": "ReferencePoints",
                "ReferencePoints": [30.29, 51.69, 65.53, 51.50, 48.02, 71.73, 33.54, 92.36, 62.72, 92.20] } ] } } }
            """;

        var model = Bind(json, ("FacePortal__Engine__EmbeddingModels__0__ReferencePoints__9", "92.5")).EmbeddingModels.Single();

        Assert.Equal(ModelAlignment.ReferencePoints, model.Alignment);
        Assert.Equal(new[] { 30.29f, 51.69f, 65.53f, 51.50f, 48.02f, 71.73f, 33.54f, 92.36f, 62.72f, 92.5f }, model.ReferencePoints);
        Assert.Equal(new PointD(62.72f, 92.5f), model.FivePointTemplate()![4]);
    }

    [Fact]
    public void Engine_NoModelsConfigured_OnlyTheBuiltInModel()
    {
        var options = Bind("""{ "FacePortal": { "Engine": { "EmbeddingModels": [] } } }""");

        Assert.Empty(options.EmbeddingModels);
        Assert.Equal([0f, 0f, 0f], options.FindModel(EmbeddingModelOptions.BuiltInName).MeanOrDefault);
    }

    [Fact]
    public void Engine_TwoMeanValues_RefusedNamingWhatWasGot()
    {
        const string m = "FacePortal__Engine__EmbeddingModels__0__";

        // The portal's validator refuses it when the options are first read (at start, through ValidateOnStart).
        var e = Assert.Throws<OptionsValidationException>(() => Bind(null,
            (m + "Name", "arcface"), (m + "Path", "/models/a.onnx"), (m + "Mean__0", "127"), (m + "Mean__1", "127")));

        Assert.Contains("Mean [127, 127]", e.Message);
    }
}

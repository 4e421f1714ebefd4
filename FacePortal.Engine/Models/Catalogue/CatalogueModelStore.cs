using FacePortal.Engine.Models.Converters;
using FacePortal.Engine.Recognition;
using Microsoft.Extensions.Logging;

namespace FacePortal.Engine.Models.Catalogue;

/// <summary>
/// Makes a catalogue model usable: its npm package fetched and checked (<see cref="NpmPackageStore"/>), its TF.js graph
/// imported onto ONNX once (<see cref="ConvertedModelCache"/>), and its settings as an embedding model.
/// </summary>
public sealed class CatalogueModelStore(ModelStoreOptions options, ILogger logger)
{
    /// <summary>Bump when the importer's output changes, so that cached ONNX files are rebuilt.</summary>
    public const string ImporterVersion = "1";

    public const string SettingName = "FacePortal:Engine:CatalogueModels";

    private const string OfflineSetting = "FacePortal:Engine:Models:OfflinePackageFolders";

    private readonly NpmPackageStore _packages = new(options, logger);
    private readonly ConvertedModelCache _cache = new(options);

    /// <summary>The catalogue model <paramref name="name"/> or a message naming the setting and the known names.</summary>
    /// <exception cref="ArgumentException">No catalogue model has that name.</exception>
    public static CatalogueModel Find(string name, string setting) => ModelCatalogue.Find(name)
        ?? throw new ArgumentException($"{setting}: no catalogue model named '{name}'. Known: {string.Join(", ", ModelCatalogue.All.Select(m => m.Name))}.");

    /// <summary>The model's settings as an embedding model, with the path its ONNX file has once imported; no I/O.</summary>
    public static EmbeddingModelOptions EmbeddingModel(ModelStoreOptions options, CatalogueModel model) =>
        model.ToEmbeddingModel(new ConvertedModelCache(options).PathFor(model.Name, SourceKey(model)));

    /// <summary>Fetches (first use), checks and imports the model; returns its settings as an embedding model.</summary>
    /// <exception cref="ModelUnavailableException">The package cannot be had or fails its pins; the message says what to do.</exception>
    public async Task<EmbeddingModelOptions> PrepareAsync(CatalogueModel model, IProgress<ModelProgress>? progress, CancellationToken cancellationToken)
    {
        var root = await _packages.GetPackageDirectoryAsync(model.Package, options.OfflinePackageFolders, OfflineSetting, progress, cancellationToken).ConfigureAwait(false);
        var path = await _cache.GetOrCreateAsync(model.Name, SourceKey(model), () =>
        {
            progress?.Report(new ModelProgress("convert", model.Name));
            try
            {
                return TfjsGraphModelImporter.Convert(Path.Combine(root, model.ModelFile), model.OutputNode, model.OutputDims);
            }
            catch (Exception e) when (e is NotSupportedException or InvalidDataException or KeyNotFoundException or FormatException)
            {
                throw new ModelUnavailableException($"Catalogue model '{model.Name}' could not be imported from {model.ModelFile} of {model.Package.Spec}: {e.Message}", e);
            }
        }, cancellationToken).ConfigureAwait(false);
        return model.ToEmbeddingModel(path);
    }

    // The pinned weights and graph, the output node and the importer: what the ONNX file is made of.
    private static string SourceKey(CatalogueModel model)
    {
        var weights = Path.ChangeExtension(model.ModelFile, ".bin");
        return $"{model.Package.Files[model.ModelFile]}:{model.Package.Files.GetValueOrDefault(weights)}:{model.OutputNode}:{ImporterVersion}";
    }
}

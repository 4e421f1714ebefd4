using FacePortal.Engine.Detection.Ssd;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Models;
using FacePortal.Engine.Models.Adapted;
using FacePortal.Engine.Models.Catalogue;
using FacePortal.Engine.Models.Converters;
using FacePortal.Engine.Models.Tfjs;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace FacePortal.Engine;

/// <summary>
/// The loaded engine: one ONNX session per network (shared, thread-safe), the hardened decoder and the
/// configured pipeline. Create once per process; first use fetches and converts the models.
/// </summary>
public sealed class FaceEngine : IDisposable
{
    /// <summary>The configuration section the options are bound from, for messages that name a setting.</summary>
    public const string ConfigurationSection = "FacePortal:Engine";

    // Bump when a converter's output changes, so cached ONNX files are rebuilt.
    private const string ConverterVersion = "1";

    private readonly List<OnnxNetwork> _networks;
    private readonly OnnxSessionFactory _sessions;
    private readonly Lock _adding = new();
    // Replaced whole, never changed in place: readers need no lock while a model is added (AddEmbeddingModel).
    private volatile Dictionary<string, FaceEmbedder> _embedders;
    private volatile IReadOnlyList<LoadedModel> _models;
    private readonly TinyFaceDetector _detector;
    private readonly IFaceDetector? _ssd;
    private readonly LandmarkDetector _landmarks;

    private FaceEngine(FaceEngineOptions options, List<OnnxNetwork> networks, TinyFaceDetector detector, IFaceDetector? ssd,
        LandmarkDetector landmarks, Dictionary<string, FaceEmbedder> embedders, IReadOnlyList<LoadedModel> models, OnnxSessionFactory sessions)
    {
        Options = options;
        _networks = networks;
        _detector = detector;
        _ssd = ssd;
        _landmarks = landmarks;
        _embedders = embedders;
        _models = models;
        _sessions = sessions;
        ExecutionProvider = sessions.ActiveProvider;
        ProviderNote = sessions.FallbackReason;
        GpuName = ExecutionProvider == "CUDA" ? GpuInfo.TryGetName() : null;
        Decoder = new ImageDecoder(options.Decoder);
        Pipeline = CreatePipeline(options.Pipeline);
    }

    public FaceEngineOptions Options { get; }

    public ImageDecoder Decoder { get; }

    /// <summary>The pipeline as configured.</summary>
    public FacePipeline Pipeline { get; }

    /// <summary>"CPU" or "CUDA".</summary>
    public string ExecutionProvider { get; }

    /// <summary>The GPU's name when the sessions run on CUDA; null on the CPU.</summary>
    public string? GpuName { get; }

    /// <summary>Why the CPU is used when CUDA was asked for; null otherwise.</summary>
    public string? ProviderNote { get; }

    public IReadOnlyList<LoadedModel> Models => _models;

    public IEnumerable<string> EmbeddingModelNames => _embedders.Keys;

    /// <summary>The loaded networks by name (for benchmarks and the model catalogue).</summary>
    public IReadOnlyList<OnnxNetwork> Networks
    {
        get
        {
            lock (_adding)
            {
                return [.. _networks];
            }
        }
    }

    /// <summary>
    /// Loads one more embedding model while running (a model adaptation just stored): every page that lists the engine's
    /// models sees it at once. At the next start it comes from the configuration or the adapted-models folder as usual.
    /// </summary>
    /// <exception cref="ArgumentException">A model of that name is loaded already.</exception>
    /// <exception cref="ModelUnavailableException">The file cannot be loaded as an embedding model.</exception>
    public void AddEmbeddingModel(EmbeddingModelOptions model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        lock (_adding)
        {
            if (_embedders.ContainsKey(model.Name))
            {
                throw new ArgumentException($"An embedding model named '{model.Name}' is loaded already.");
            }
            var net = LoadEmbeddingModel(model, source, _sessions);
            _networks.Add(net);
            _models = [.. _models, Describe(model, net)];
            _embedders = new Dictionary<string, FaceEmbedder>(_embedders) { [model.Name] = new FaceEmbedder(net, model, Options.Pipeline.BatchSize) };
        }
    }

    private static LoadedModel Describe(EmbeddingModelOptions m, OnnxNetwork net) =>
        new(m.Name, "embedding", $"{m.Width}x{m.Height} {m.Layout} {m.ChannelOrder}, " + (net.FixedBatch is { } b ? $"batch fixed at {b}" : "any batch"),
            $"[N,{m.EmbeddingSize}] {m.Metric}", m.Path!, net.Provider);

    /// <summary>A pipeline with other settings (alignment, flip, model) over the same sessions.</summary>
    public FacePipeline CreatePipeline(PipelineOptions options)
    {
        if (!_embedders.TryGetValue(options.RecognitionModel, out var embedder))
        {
            throw new ArgumentException($"No embedding model named '{options.RecognitionModel}'. Known: {string.Join(", ", _embedders.Keys)}.");
        }
        var withBatch = options.BatchSize == Options.Pipeline.BatchSize ? embedder : new FaceEmbedder(embedder.Network, embedder.Options, options.BatchSize);
        return new FacePipeline(_detector.With(options.ToDetectorInput(), options.BatchSize), _ssd, _landmarks, withBatch, options);
    }

    public static async Task<FaceEngine> CreateAsync(FaceEngineOptions options, ILoggerFactory loggers, IProgress<ModelProgress>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        var store = new FaceApiPackageStore(options.Models, loggers.CreateLogger<FaceApiPackageStore>());
        var package = await store.GetPackageDirectoryAsync(progress, cancellationToken).ConfigureAwait(false);
        var cache = new ConvertedModelCache(options.Models);
        var sessions = new OnnxSessionFactory(options.Runtime, loggers.CreateLogger<OnnxSessionFactory>());
        var networks = new List<OnnxNetwork>();
        var models = new List<LoadedModel>();
        var batch = options.Pipeline.BatchSize;

        async Task<OnnxNetwork> Load(FaceApiModel source, string name, string role, string input, string output, Func<TfjsWeights, byte[]> convert, int[]? itemShape = null)
        {
            var manifest = FaceApiPackageStore.ManifestPath(package, source);
            var path = await cache.GetOrCreateAsync(name, $"{source.WeightsSha256}:{ConverterVersion}", () =>
            {
                // Only on first use (or after a converter change): later starts load the cached file.
                progress?.Report(new ModelProgress("convert", name));
                return convert(TfjsWeights.Load(manifest));
            }, cancellationToken).ConfigureAwait(false);
            progress?.Report(new ModelProgress("load", name));
            var network = new OnnxNetwork(sessions.Create(path), name, sessions.ActiveProvider, itemShape);
            networks.Add(network);
            models.Add(new LoadedModel(name, role, input, output, path, network.Provider));
            return network;
        }

        try
        {
            var size = options.Pipeline.DetectorInputSize;
            // One graph for every input size (multiples of 32): the input follows the image, tiles run at the configured size.
            var tiny = await Load(FaceApiModel.TinyFaceDetector, "tiny_face_detector", "detector", $"[N,H,W,3] RGB 0..255, H and W multiples of 32 (whole image up to {size})",
                "[N,H/32,W/32,25]", TinyFaceDetectorConverter.ConvertAnySize, [size, size, 3]).ConfigureAwait(false);
            var ssdNet = await Load(FaceApiModel.SsdMobilenetV1, "ssd_mobilenetv1", "detector (fallback)", "[N,512,512,3] RGB 0..255", "boxes, scores",
                SsdMobilenetV1Converter.Convert).ConfigureAwait(false);
            var landmarkNet = await Load(FaceApiModel.FaceLandmark68, "face_landmark_68", "landmarks", "[N,112,112,3] RGB 0..255", "[N,136]",
                FaceLandmark68NetConverter.Convert).ConfigureAwait(false);
            var recognition = await Load(FaceApiModel.FaceRecognition, EmbeddingModelOptions.BuiltInName, "embedding", "[N,150,150,3] RGB 0..255", "[N,128]",
                FaceRecognitionNetConverter.Convert).ConfigureAwait(false);

            var embedders = new Dictionary<string, FaceEmbedder>
            {
                [EmbeddingModelOptions.BuiltInName] = new(recognition, EmbeddingModelOptions.FaceApi, batch),
            };
            var extra = options.EmbeddingModels.Select((m, i) => (Model: m, Settings: $"{ConfigurationSection}:EmbeddingModels:{i}")).ToList();
            var catalogue = new CatalogueModelStore(options.Models, loggers.CreateLogger<CatalogueModelStore>());
            for (var i = 0; i < options.CatalogueModels.Length; i++)
            {
                var setting = $"{CatalogueModelStore.SettingName}:{i}";
                extra.Add((await catalogue.PrepareAsync(CatalogueModelStore.Find(options.CatalogueModels[i], setting), progress, cancellationToken).ConfigureAwait(false), setting));
            }
            foreach (var (m, settings) in extra)
            {
                progress?.Report(new ModelProgress("load", m.Name));
                var net = LoadEmbeddingModel(m, settings, sessions);
                networks.Add(net);
                models.Add(Describe(m, net));
                embedders[m.Name] = new FaceEmbedder(net, m, batch);
            }
            LoadAdapted(options, loggers.CreateLogger<FaceEngine>(), sessions, networks, models, embedders, batch, progress);

            progress?.Report(new ModelProgress("ready", sessions.ActiveProvider));
            return new FaceEngine(options, networks,
                new TinyFaceDetector(tiny, options.Pipeline.ToDetectorInput(), batch),
                new SsdFaceDetector(ssdNet, batch),
                new LandmarkDetector(landmarkNet, batch),
                embedders, models, sessions);
        }
        catch
        {
            networks.ForEach(n => n.Dispose());
            throw;
        }
    }

    // A broken adapted model is left out with a warning: the engine (and every other model) still starts.
    private static void LoadAdapted(FaceEngineOptions options, ILogger logger, OnnxSessionFactory sessions, List<OnnxNetwork> networks,
        List<LoadedModel> models, Dictionary<string, FaceEmbedder> embedders, int batch, IProgress<ModelProgress>? progress)
    {
        var problems = new List<string>();
        foreach (var m in AdaptedModelStore.List(options.Models, problems))
        {
            if (embedders.ContainsKey(m.Name))
            {
                logger.LogWarning("Adapted model {Name} is not loaded: a configured model has the same name", m.Name);
                continue;
            }
            try
            {
                m.Model.Validate();
                progress?.Report(new ModelProgress("load", m.Name));
                var net = LoadEmbeddingModel(m.Model, $"adapted model {m.Name}", sessions);
                networks.Add(net);
                models.Add(Describe(m.Model, net));
                embedders[m.Name] = new FaceEmbedder(net, m.Model, batch);
            }
            catch (Exception e) when (e is ModelUnavailableException or ArgumentException)
            {
                logger.LogWarning("Adapted model {Name} is not loaded: {Reason}", m.Name, e.Message);
            }
        }
        foreach (var problem in problems)
        {
            logger.LogWarning("Adapted model file not read: {Problem}", problem);
        }
    }

    // Any file, however odd, ends in a ModelUnavailableException that says what to change, never a crash later.
    private static OnnxNetwork LoadEmbeddingModel(EmbeddingModelOptions m, string settings, OnnxSessionFactory sessions)
    {
        if (!File.Exists(m.Path))
        {
            throw new ModelUnavailableException($"Embedding model '{m.Name}': no file at {Path.GetFullPath(m.Path!)} ({settings}:Path).");
        }
        InferenceSession session;
        try
        {
            session = sessions.Create(m.Path!);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelUnavailableException($"Embedding model '{m.Name}': ONNX Runtime cannot load {m.Path} ({settings}:Path): {e.Message.Split('\n')[0]}", e);
        }
        try
        {
            var shape = EmbeddingModelInspector.Inspect(session, m, settings);
            return new OnnxNetwork(session, m.Name, sessions.ActiveProvider, shape.ItemShape, shape.FixedBatch);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_adding)
        {
            _networks.ForEach(n => n.Dispose());
        }
    }
}

using System.Diagnostics;
using FacePortal.Engine;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Landmarks;
using FacePortal.Engine.Pipeline;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Analysis;

/// <summary>
/// Decodes uploaded images and runs the engine's pipeline on all of them in one batch (every face gets landmarks and
/// a descriptor), timing each stage. Shared by verification, identification and the embed API.
/// </summary>
public sealed class FaceAnalyzer
{
    private readonly Func<CancellationToken, Task<FaceEngine>> _engine;
    private readonly MemoryBudget _budget;
    private readonly AnalysisOptions _options;
    private readonly MemoryRelease _release;

    public FaceAnalyzer(FaceEngineHost host, MemoryBudget budget, IOptions<AnalysisOptions> options)
        : this(host.GetAsync, budget, options.Value)
    {
    }

    /// <summary>Over an engine loaded elsewhere (tests share one); by default with the default budget.</summary>
    internal FaceAnalyzer(Func<CancellationToken, Task<FaceEngine>> engine, MemoryBudget? budget = null, AnalysisOptions? options = null)
    {
        _engine = engine;
        _options = options ?? new AnalysisOptions();
        _budget = budget ?? new MemoryBudget(_options.MemoryBudgetMegabytes * 1024L * 1024);
        _release = new MemoryRelease(_budget, TimeProvider.System);
    }

    public Task<FaceEngine> EngineAsync(CancellationToken cancellationToken) => _engine(cancellationToken);

    /// <summary>
    /// Why the decoder would refuse the image (format, size, pixel count), read from its header only; null when it
    /// would take it. Lets a page report a bad upload when it arrives.
    /// </summary>
    public async Task<string?> CheckAsync(ImageInput input, CancellationToken cancellationToken)
    {
        var engine = await _engine(cancellationToken);
        try
        {
            engine.Decoder.Identify(input.Content, input.Name);
            return null;
        }
        catch (ImageDecodeException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Throws <see cref="ImageDecodeException"/> for an image the decoder refuses (its <c>Reason</c> says why).
    /// Runs on the thread pool: a Blazor circuit stays responsive meanwhile.
    /// </summary>
    public Task<FaceAnalysis> AnalyzeAsync(IReadOnlyList<ImageInput> inputs, bool includeCrops, CancellationToken cancellationToken) =>
        AnalyzeAsync(inputs, includeCrops, null, cancellationToken);

    /// <summary>
    /// As above, with the named embedding model (null: the engine's default). Throws <see cref="UnknownModelException"/>
    /// for a model the engine has not loaded.
    /// </summary>
    public async Task<FaceAnalysis> AnalyzeAsync(IReadOnlyList<ImageInput> inputs, bool includeCrops, string? model, CancellationToken cancellationToken)
    {
        var engine = await _engine(cancellationToken);
        var describer = FaceDescriber.For(engine, model);
        // Headers only, before a pixel is decoded: a refused image fails here as it would in the decoder.
        var cost = inputs.Sum(i => i.Content.LongLength + engine.Decoder.Identify(i.Content, i.Name).Pixels * _options.BytesPerPixel);
        var lease = await _budget.TryTakeAsync(cost, TimeSpan.FromMilliseconds(_options.QueueTimeoutMilliseconds), cancellationToken)
            ?? throw new AnalysisBusyException(TimeSpan.FromSeconds(_options.RetryAfterSeconds),
                $"The server is analysing as many images as its memory budget allows ({AnalysisOptions.Section}:MemoryBudgetMegabytes = "
                + $"{_options.MemoryBudgetMegabytes}); try again in {_options.RetryAfterSeconds} s.");
        try
        {
            return await Task.Run(() => Analyze(engine, describer, inputs, includeCrops, cancellationToken), cancellationToken);
        }
        finally
        {
            lease.Dispose();
            _release.AfterAnalysis(cost);
        }
    }

    private static FaceAnalysis Analyze(FaceEngine engine, FaceDescriber describer, IReadOnlyList<ImageInput> inputs, bool includeCrops, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var decoded = inputs.Select(i => engine.Decoder.Decode(i.Content, i.Name)).ToList();
        var decode = Stopwatch.GetElapsedTime(start);

        var timings = new PipelineTimings();
        var found = describer.Analyze(decoded, FaceSelection.All, timings, cancellationToken);
        var images = new AnalyzedImage[inputs.Count];
        for (var i = 0; i < images.Length; i++)
        {
            var faces = found[i].Faces.Select((f, index) => ToFace(f, index, index == found[i].PrimaryIndex)
                with { Crop = includeCrops && f.Chip is not null && f.Descriptor is not null ? CropDataUrl(f.Chip) : null }).ToList();
            images[i] = new AnalyzedImage(inputs[i].Name, found[i].Width, found[i].Height, faces, found[i].PrimaryIndex, found[i].Route.ToString());
        }
        var total = Stopwatch.GetElapsedTime(start);
        var model = describer.Model;
        return new FaceAnalysis(images, model.Name, describer.Signature, model.Metric, model.Threshold, engine.ExecutionProvider,
            new StageTimings(decode.TotalMilliseconds, timings.Detect.TotalMilliseconds, timings.Landmarks.TotalMilliseconds,
                timings.Align.TotalMilliseconds, (timings.Align + timings.Embed).TotalMilliseconds, total.TotalMilliseconds));
    }

    private static AnalyzedFace ToFace(FaceResult face, int index, bool primary)
    {
        var box = face.Detection.Box;
        var landmarks = LandmarkCodec.Pack(face.Landmarks?.Points);
        return new AnalyzedFace(index, box.X, box.Y, box.Width, box.Height, face.Detection.Score, landmarks, face.Descriptor, primary);
    }

    /// <summary>The chip the recognition network saw (kept by the pipeline, not aligned again) as a PNG data URL.</summary>
    private static string CropDataUrl(RgbImage chip) => "data:image/png;base64," + Convert.ToBase64String(PngFile.Encode(chip));
}

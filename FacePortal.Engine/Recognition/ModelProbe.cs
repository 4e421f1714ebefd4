using FacePortal.Engine.Models;
using FacePortal.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace FacePortal.Engine.Recognition;

/// <summary>
/// A new embedding model opened for a check, before anyone has configured it: its input layout and size and its
/// embedding size are read from the file (and one trial run), then <see cref="EmbeddingModelInspector"/> checks them
/// as the engine does at start. <see cref="CreateEmbedder"/> gives an embedder for any preprocessing over the one
/// session. No file, however odd, escapes as anything but a <see cref="ModelUnavailableException"/>.
/// </summary>
public sealed class ModelProbe : IDisposable
{
    /// <summary>The side assumed when the file leaves the input's height and width symbolic (ArcFace's).</summary>
    public const int DefaultSide = 112;

    private readonly OnnxNetwork _network;

    private ModelProbe(OnnxNetwork network, EmbeddingModelOptions options, EmbeddingModelShape shape, string? sizeNote)
    {
        _network = network;
        Options = options;
        Shape = shape;
        SizeNote = sizeNote;
    }

    /// <summary>Name, path, input size, layout and embedding size as read; preprocessing at its defaults (RGB, 0/1, dlib chip, Euclidean).</summary>
    public EmbeddingModelOptions Options { get; }

    public EmbeddingModelShape Shape { get; }

    /// <summary>Set when the input size could not be read from the file and <see cref="DefaultSide"/> was assumed.</summary>
    public string? SizeNote { get; }

    public string Provider => _network.Provider;

    /// <exception cref="ModelUnavailableException">No file, not a model, or not an image-to-embedding model FacePortal can feed.</exception>
    public static ModelProbe Open(string path, OnnxSessionFactory sessions, string name = "checked-model")
    {
        ArgumentNullException.ThrowIfNull(sessions);
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw new ModelUnavailableException($"No model file at {(string.IsNullOrWhiteSpace(path) ? "(no path given)" : Path.GetFullPath(path))}.");
        }
        InferenceSession session;
        try
        {
            session = sessions.Create(path);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelUnavailableException($"ONNX Runtime cannot load {path}: {e.Message.Split('\n')[0]}", e);
        }
        try
        {
            var (options, note) = Read(session, path, name);
            var shape = EmbeddingModelInspector.Inspect(session, options, "the checked model");
            return new ModelProbe(new OnnxNetwork(session, name, sessions.ActiveProvider, shape.ItemShape, shape.FixedBatch), options, shape, note);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>An embedder feeding this model with <paramref name="variant"/>'s preprocessing (its size and layout must be the model's).</summary>
    public FaceEmbedder CreateEmbedder(EmbeddingModelOptions variant, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(variant);
        if (variant.Width != Options.Width || variant.Height != Options.Height || variant.Layout != Options.Layout || variant.EmbeddingSize != Options.EmbeddingSize)
        {
            throw new ArgumentException("A variant changes only the preprocessing, not the model's input or output.", nameof(variant));
        }
        return new FaceEmbedder(_network, variant, batchSize);
    }

    private static (EmbeddingModelOptions Options, string? Note) Read(InferenceSession session, string path, string name)
    {
        if (session.InputMetadata.Count != 1)
        {
            throw new ModelUnavailableException($"{path} has {session.InputMetadata.Count} inputs ({string.Join(", ", session.InputMetadata.Keys)}); an embedding model takes one image tensor.");
        }
        var input = session.InputMetadata.Single().Value;
        var dims = input.Dimensions;
        if (!input.IsTensor || dims.Length != 4)
        {
            throw new ModelUnavailableException($"{path}: the input is not a 4-D image batch (shape [{string.Join(",", dims)}]).");
        }
        // Channels first when the second axis holds 3, else channels last when the fourth does.
        var layout = dims[1] == 3 ? TensorLayout.Nchw : dims[3] == 3 ? TensorLayout.Nhwc : (TensorLayout?)null;
        if (layout is null)
        {
            throw new ModelUnavailableException($"{path}: neither axis 1 nor axis 3 of input [{string.Join(",", dims)}] has 3 channels; FacePortal feeds RGB or BGR images.");
        }
        var (h, w) = layout == TensorLayout.Nchw ? (dims[2], dims[3]) : (dims[1], dims[2]);
        string? note = null;
        if (h <= 0 || w <= 0)
        {
            note = $"the file leaves the input size open ([{string.Join(",", dims.Select(d => d > 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?"))}]); {DefaultSide}x{DefaultSide} assumed";
            h = h > 0 ? h : DefaultSide;
            w = w > 0 ? w : (h > 0 ? h : DefaultSide);
        }
        var options = new EmbeddingModelOptions
        {
            Name = name,
            Path = path,
            InputSize = w,
            InputHeight = h != w ? h : null,
            Layout = layout.Value,
            Alignment = w == h ? ModelAlignment.DlibChip : ModelAlignment.ArcFace,
        };
        return (options with { EmbeddingSize = EmbeddingSize(session, options) }, note);
    }

    // Output sizes are often symbolic in exports: one blank face through the model says.
    private static int EmbeddingSize(InferenceSession session, EmbeddingModelOptions o)
    {
        var dims = session.InputMetadata.Single().Value.Dimensions;
        var batch = dims[0] > 0 ? dims[0] : 1;
        long[] shape = o.Layout == TensorLayout.Nchw ? [batch, 3, o.Height, o.Width] : [batch, o.Height, o.Width, 3];
        var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
        try
        {
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data.AsMemory(), shape);
            using var runOptions = new RunOptions();
            var output = session.OutputMetadata.Keys.First();
            using var outputs = session.Run(runOptions, [session.InputMetadata.Keys.Single()], [value], [output]);
            var info = outputs[0].GetTensorTypeAndShape();
            return (int)(info.ElementCount / batch);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelUnavailableException($"{o.Path} fails on a trial input of [{string.Join(",", shape)}]: {e.Message.Split('\n')[0]}", e);
        }
    }

    public void Dispose() => _network.Dispose();
}

namespace FacePortal.Engine.Recognition;

/// <summary>
/// How to feed a face-embedding ONNX model: the built-in face-api ResNet, or any other (ArcFace, SFace...)
/// configured in appsettings.json.
/// </summary>
public sealed record EmbeddingModelOptions
{
    public const string BuiltInName = "face-api";

    public string Name { get; init; } = BuiltInName;

    /// <summary>Path of the .onnx file; empty for the built-in model (converted from the face-api weights).</summary>
    public string? Path { get; init; }

    /// <summary>Square input side in pixels; <see cref="InputWidth"/> and <see cref="InputHeight"/> override it for other shapes.</summary>
    public int InputSize { get; init; } = 150;

    public int? InputWidth { get; init; }

    public int? InputHeight { get; init; }

    /// <summary>Input width in pixels: <see cref="InputWidth"/>, else <see cref="InputSize"/>.</summary>
    public int Width => InputWidth ?? InputSize;

    /// <summary>Input height in pixels: <see cref="InputHeight"/>, else <see cref="InputSize"/>.</summary>
    public int Height => InputHeight ?? InputSize;

    public TensorLayout Layout { get; init; } = TensorLayout.Nhwc;

    /// <summary>"RGB" or "BGR".</summary>
    public string ChannelOrder { get; init; } = "RGB";

    /// <summary>
    /// Per channel (in the model's channel order): input = (pixel - Mean) / Std; unset means 0 (and 1 for Std).
    /// No default array: the configuration binder appends configured items to an initialised array.
    /// </summary>
    public float[]? Mean { get; init; }

    public float[]? Std { get; init; }

    /// <summary><see cref="Mean"/>, or 0 per channel when not set.</summary>
    public float[] MeanOrDefault => Mean ?? [0, 0, 0];

    /// <summary><see cref="Std"/>, or 1 per channel when not set.</summary>
    public float[] StdOrDefault => Std ?? [1, 1, 1];

    public int EmbeddingSize { get; init; } = 128;

    public DistanceMetric Metric { get; init; } = DistanceMetric.Euclidean;

    /// <summary>Default decision threshold on the distance (match when distance &lt;= threshold).</summary>
    public double Threshold { get; init; } = 0.6;

    public string Signature => $"{Name}:{Path}:{(Width == Height ? $"{Width}" : $"{Width}x{Height}")}:{Layout}:{ChannelOrder}:{string.Join(",", MeanOrDefault)}:{string.Join(",", StdOrDefault)}:{EmbeddingSize}";

    public static EmbeddingModelOptions FaceApi { get; } = new();

    /// <summary>Throws with a clear message when the settings cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("An embedding model needs a Name.");
        }
        if (Name != BuiltInName && string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException($"Embedding model '{Name}' needs a Path to its .onnx file.");
        }
        if (Width is < 16 or > 1024 || Height is < 16 or > 1024)
        {
            throw new ArgumentException($"Embedding model '{Name}': input {Width}x{Height} is out of range 16..1024 (InputSize, InputWidth, InputHeight).");
        }
        if (Width != Height)
        {
            throw new ArgumentException($"Embedding model '{Name}': the dlib chip is square; an input of {Width}x{Height} needs another alignment.");
        }
        if (MeanOrDefault.Length != 3 || StdOrDefault.Length != 3 || StdOrDefault.Any(s => s == 0))
        {
            throw new ArgumentException($"Embedding model '{Name}': Mean and Std need 3 values each, Std non-zero (got Mean [{string.Join(", ", MeanOrDefault)}], Std [{string.Join(", ", StdOrDefault)}]).");
        }
        if (ChannelOrder is not ("RGB" or "BGR"))
        {
            throw new ArgumentException($"Embedding model '{Name}': ChannelOrder must be RGB or BGR.");
        }
        if (EmbeddingSize <= 0)
        {
            throw new ArgumentException($"Embedding model '{Name}': EmbeddingSize must be positive.");
        }
    }
}

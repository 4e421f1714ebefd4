using FacePortal.Engine.Alignment;

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

    /// <summary>How the face is cut for this model (the built-in face-api model: the dlib chip).</summary>
    public ModelAlignment Alignment { get; init; } = ModelAlignment.DlibChip;

    /// <summary><see cref="ModelAlignment.DlibChip"/> only: padding around the landmarks as a fraction of the face; unset: the pipeline's ChipPadding.</summary>
    public double? ChipPadding { get; init; }

    /// <summary>
    /// <see cref="ModelAlignment.ReferencePoints"/> only: 10 numbers, x and y in input pixels of the left eye centre, right eye
    /// centre, nose tip, left and right mouth corners ("left" as seen in the image).
    /// </summary>
    public float[]? ReferencePoints { get; init; }

    /// <summary>The five-point template in input pixels, or null for the dlib chip.</summary>
    public PointD[]? FivePointTemplate() => Alignment switch
    {
        ModelAlignment.ArcFace => FivePointAligner.ArcFaceTemplate(Width, Height),
        ModelAlignment.ReferencePoints when ReferencePoints is { Length: 10 } r => [.. Enumerable.Range(0, 5).Select(i => new PointD(r[2 * i], r[2 * i + 1]))],
        ModelAlignment.ReferencePoints => throw new InvalidOperationException($"Embedding model '{Name}' needs 10 ReferencePoints."),
        _ => null,
    };

    /// <summary>Default decision threshold on the distance (match when distance &lt;= threshold).</summary>
    public double Threshold { get; init; } = 0.6;

    /// <summary>
    /// Default clustering threshold on the distance when no evaluation of the model gives one (stricter than
    /// <see cref="Threshold"/>: clustering chains matches); unset: <see cref="Threshold"/>.
    /// </summary>
    public double? ClusterThreshold { get; init; }

    /// <summary>Everything that changes the descriptors; the dlib chip at the pipeline's padding adds nothing, so older caches stay valid.</summary>
    public string Signature => $"{Name}:{Path}:{(Width == Height ? $"{Width}" : $"{Width}x{Height}")}:{Layout}:{ChannelOrder}:{string.Join(",", MeanOrDefault)}:{string.Join(",", StdOrDefault)}:{EmbeddingSize}" +
        Alignment switch
        {
            ModelAlignment.DlibChip => ChipPadding is { } p ? $":dlib{p}" : "",
            ModelAlignment.ArcFace => ":arcface",
            _ => $":points{string.Join(",", ReferencePoints ?? [])}",
        };

    /// <summary>The built-in model; its clustering threshold is the best pairwise F on LFW with names hidden (BENCHMARKS, issue 13).</summary>
    public static EmbeddingModelOptions FaceApi { get; } = new() { ClusterThreshold = 0.5 };

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
        if (Alignment == ModelAlignment.DlibChip && Width != Height)
        {
            throw new ArgumentException($"Embedding model '{Name}': the dlib chip is square; an input of {Width}x{Height} needs Alignment ArcFace or ReferencePoints.");
        }
        if (ChipPadding is { } padding && (padding < 0 || !double.IsFinite(padding)))
        {
            throw new ArgumentException($"Embedding model '{Name}': ChipPadding must be 0 or more (got {padding}).");
        }
        if (Alignment == ModelAlignment.ReferencePoints && ReferencePoints?.Length != 10)
        {
            throw new ArgumentException($"Embedding model '{Name}': Alignment ReferencePoints needs ReferencePoints: 10 numbers (x, y of the eyes, nose tip and mouth corners in input pixels), got {ReferencePoints?.Length ?? 0}.");
        }
        if (Alignment == ModelAlignment.ReferencePoints && ReferencePoints!.Where((v, i) => v < 0 || v > (i % 2 == 0 ? Width : Height)).Any())
        {
            throw new ArgumentException($"Embedding model '{Name}': ReferencePoints must lie inside the {Width}x{Height} input.");
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

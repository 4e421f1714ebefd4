using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Verification;

/// <summary>1:1 verification: two images, one face of each, a distance and a verdict at a threshold.</summary>
public sealed class VerificationService(FaceAnalyzer analyzer, IDbContextFactory<PortalDbContext> databases, GalleryImageLoader images)
{
    /// <summary>
    /// Both images in one engine batch. Throws <see cref="FacePortal.Engine.Imaging.ImageDecodeException"/> for an
    /// image the decoder refuses and <see cref="NoFaceException"/> when an image has no usable face (or the face
    /// asked for does not exist or has no descriptor).
    /// </summary>
    public async Task<VerificationResult> VerifyAsync(ImageInput a, ImageInput b, VerifyOptions options, CancellationToken cancellationToken)
    {
        if (options.Threshold is { } t && (!double.IsFinite(t) || t < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), t, "The threshold must be a finite, non-negative distance.");
        }
        var model = options.Model;
        if (model is null && options.GalleryId is { } galleryId)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            model = await db.Galleries.Where(g => g.Id == galleryId).Select(g => g.Model).FirstOrDefaultAsync(cancellationToken);
        }
        var analysis = await analyzer.AnalyzeAsync([a, b], options.IncludeCrops, model, cancellationToken);
        var (imageA, imageB) = (analysis.Images[0], analysis.Images[1]);
        var faceA = Choose(imageA, options.FaceA);
        var faceB = Choose(imageB, options.FaceB);
        var distance = DescriptorMath.Distance(Descriptor(imageA, faceA), Descriptor(imageB, faceB), analysis.Metric);
        var modelThreshold = await DefaultThreshold.ForModelAsync(databases, analysis, cancellationToken);
        var threshold = options.Threshold ?? modelThreshold;
        return new VerificationResult(imageA, imageB, faceA, faceB, distance, DescriptorMath.Similarity(distance, analysis.Metric), threshold,
            distance <= threshold, analysis.Model, analysis.Metric, modelThreshold, analysis.ExecutionProvider, analysis.Milliseconds);
    }

    /// <summary>Every face of one image with its descriptor (the embed API).</summary>
    public Task<FaceAnalysis> EmbedAsync(ImageInput image, CancellationToken cancellationToken) =>
        analyzer.AnalyzeAsync([image], includeCrops: false, cancellationToken);

    /// <summary>The embedding models the engine has loaded, by name.</summary>
    public async Task<IReadOnlyList<string>> ModelNamesAsync(CancellationToken cancellationToken) =>
        [.. (await analyzer.EngineAsync(cancellationToken)).EmbeddingModelNames];

    /// <summary>Why an upload cannot be verified, from its header (null when it can): shown as soon as it is picked.</summary>
    public Task<string?> CheckAsync(ImageInput image, CancellationToken cancellationToken) => analyzer.CheckAsync(image, cancellationToken);

    /// <summary>A gallery image's stored bytes and its gallery (whose model the pair is then verified with).</summary>
    public Task<GalleryImageInput> LoadGalleryImageAsync(int imageId, CancellationToken cancellationToken) => images.LoadAsync(imageId, cancellationToken);

    internal static float[] Descriptor(AnalyzedImage image, int face) =>
        image.Faces[face].Descriptor ?? throw new NoFaceException(image.Name, $"Face {face} of '{image.Name}' could not be measured (too small or no landmarks).");

    private static int Choose(AnalyzedImage image, int? requested)
    {
        if (requested is { } index)
        {
            if (index < 0 || index >= image.Faces.Count)
            {
                throw new NoFaceException(image.Name, $"'{image.Name}' has {image.Faces.Count} face(s); there is no face {index}.");
            }
            _ = Descriptor(image, index);
            return index;
        }
        if (image.Primary?.Descriptor is null)
        {
            throw new NoFaceException(image.Name, image.Faces.Count == 0
                ? $"No face found in '{image.Name}'."
                : $"The face found in '{image.Name}' is too small to be measured.");
        }
        return image.PrimaryIndex;
    }
}

using FacePortal.Engine.Embedding;
using FacePortal.Engine.Pipeline;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>
/// Runs the engine (the <see cref="FaceDescriber"/> of the pipeline) on a batch's decoded images, once per batch; if the engine throws on the batch, image by image,
/// so one bad image does not sink the rest. Each image then gets its outcome.
/// </summary>
internal sealed class ImportAnalyser(ILogger logger)
{
    // timings: where the engine's time went (detection, landmarks, alignment, recognition), added to.
    public void Analyse(FacePipeline pipeline, List<ImportWork> decoded, PipelineTimings? timings, CancellationToken ct)
    {
        var describer = new FaceDescriber(pipeline);
        Run(describer, decoded, timings, ct);
        foreach (var w in decoded)
        {
            w.Outcome ??= OutcomeOf(w.Faces!, pipeline.Options.MinFaceSize);
            w.Signature = describer.Signature;
        }
    }

    private void Run(FaceDescriber describer, List<ImportWork> decoded, PipelineTimings? timings, CancellationToken ct)
    {
        if (decoded.Count == 0)
        {
            return;
        }
        try
        {
            var results = describer.Analyze(decoded.Select(w => w.Image!).ToList(), FaceSelection.All, timings, ct);
            for (var i = 0; i < decoded.Count; i++)
            {
                decoded[i].Faces = results[i];
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && decoded.Count > 1)
        {
            logger.LogWarning(e, "The engine failed on a batch of {Count} images; analysing them one by one", decoded.Count);
            foreach (var w in decoded)
            {
                Run(describer, [w], timings, ct);
            }
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var w = decoded[0];
            w.Faces = new ImageFaces(w.Width, w.Height, [], -1, DetectionRoute.None);
            w.Outcome = ImageOutcome.Unreadable;
            w.ImageError = w.Error = "the face engine failed on this image: " + e.Message;
            return;
        }
    }

    private static ImageOutcome OutcomeOf(ImageFaces faces, double minFaceSize) =>
        faces.Primary is not { } primary ? ImageOutcome.NoFace
        : primary.Size < minFaceSize ? ImageOutcome.FaceTooSmall
        : faces.Faces.Count > 1 ? ImageOutcome.SeveralFaces
        : ImageOutcome.Face;
}

using FacePortal.Engine.Search;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Platform.Analysis;

namespace FacePortal.Web.Features.Identification;

/// <summary>The identify API's response body (camelCase by the web defaults).</summary>
internal static class IdentificationJson
{
    public static object Identify(IdentificationResult r, ScoreCalibration calibration)
    {
        var primary = r.Primary!;
        return new
        {
            unknown = primary.Unknown,
            candidates = primary.Candidates.Select(Candidate).ToArray(),
            threshold = r.Threshold,
            scoring = r.Scoring.ToString(),
            gallery = r.GalleryId,
            // Cluster search: true when some shards did not answer within the deadline; searched is the share of the gallery that was.
            partial = r.Partial,
            searched = r.SearchedFraction,
            index = new { descriptors = r.Index.Descriptors, identities = r.Index.Identities, approximate = r.Index.Approximate, recallAt10 = r.Index.RecallAt10 },
            model = r.Model,
            executionProvider = r.ExecutionProvider,
            // Each face of the probe with its own answer (the primary one too).
            faces = r.Faces.Select(f => new
            {
                index = f.Face.Index,
                primary = f.Face.IsPrimary,
                box = new { x = f.Face.X, y = f.Face.Y, width = f.Face.Width, height = f.Face.Height },
                label = f.Label,
                unknown = f.Unknown,
                candidates = f.Candidates.Select(Candidate).ToArray(),
            }).ToArray(),
            milliseconds = new { analysis = AnalysisJson.Milliseconds(r.Milliseconds), search = r.SearchMilliseconds },
            // The best candidate's score on the model's reference evaluation ("available": false when there is none).
            calibration,
        };
    }

    private static object Candidate(IdentityCandidate c) => new
    {
        identity = c.Identity,
        identityId = c.IdentityId,
        score = c.Score,
        distance = c.Distance,
        imageId = c.ImageId,
        thumbnail = c.ThumbnailUrl,
    };
}

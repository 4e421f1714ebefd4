using FacePortal.Engine.Evaluation;
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
                // The candidate the face answers with (1-based; null when unknown): not always 1, as two faces of one photo never share an identity.
                answerRank = f.Unknown ? (int?)null : f.AssignedRank + 1,
                candidates = f.Candidates.Select(Candidate).ToArray(),
            }).ToArray(),
            milliseconds = new { analysis = AnalysisJson.Milliseconds(r.Milliseconds), search = r.SearchMilliseconds },
            // The best candidate's score on the model's reference evaluation ("available": false when there is none).
            calibration,
        };
    }

    /// <summary>The 1:N evaluation (GET /api/galleries/{id}/identification-evaluation).</summary>
    public static object Evaluation(IdentificationEvaluation e) => new
    {
        matedProbes = e.MatedProbes,
        nonMatedProbes = e.NonMatedProbes,
        galleryIdentities = e.GalleryIdentities,
        galleryDescriptors = e.GalleryDescriptors,
        scoring = e.Scoring.ToString(),
        seed = e.Seed,
        rank1 = e.Rank1,
        k = e.K,
        rankK = e.RankK,
        cmc = e.Cmc,
        openSet = e.OpenSet.Select(o => new { far = o.Far, threshold = o.Threshold, dir = o.Dir }).ToArray(),
        openSetBySize = e.BySize is not { } b ? null : new
        {
            targetFpirs = b.TargetFpirs,
            candidates = b.Candidates,
            // Thresholds are distances (accepted at or below); null threshold: every distance passes.
            sizes = b.Sizes.Select(z => new
            {
                fraction = z.Fraction,
                identities = z.Identities,
                matedSearches = z.MatedSearches,
                nonMatedSearches = z.NonMatedSearches,
                atFpir = z.AtFpir.Select(a => new { targetFpir = a.TargetFpir, threshold = a.Threshold, fpir = a.Fpir, fnirRank1 = a.Fnir }).ToArray(),
                investigation = new { missRank1 = z.InvestigationMissRank1, missAtCandidates = z.InvestigationMissAtCandidates },
                // FPIR and FNIR(rank 1) at ascending distance thresholds: the DET-like open-set curve.
                curve = z.Curve.Select(c => new { threshold = c.Threshold, fpir = c.Fpir, fnirRank1 = c.Fnir }).ToArray(),
            }).ToArray(),
            measuredFmr = b.MeasuredFmr,
            fmrThreshold = b.FmrThreshold,
            predicted = b.Predicted.Select(p => new { identities = p.Identities, fpir = p.Fpir }).ToArray(),
        },
    };

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

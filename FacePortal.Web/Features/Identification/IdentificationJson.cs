using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Search;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Platform.Analysis;

namespace FacePortal.Web.Features.Identification;

/// <summary>The identify API's response body (camelCase by the web defaults).</summary>
internal static class IdentificationJson
{
    public static IdentifyAnswer Identify(IdentificationResult r, ScoreCalibration calibration)
    {
        var primary = r.Primary!;
        return new IdentifyAnswer(
            primary.Unknown,
            primary.Candidates.Select(Candidate).ToArray(),
            r.Threshold,
            r.Scoring.ToString(),
            r.GalleryId,
            r.Partial,
            r.SearchedFraction,
            new IdentifyIndex(r.Index.Descriptors, r.Index.Identities, r.Index.Approximate, r.Index.RecallAt10),
            r.Model,
            r.ExecutionProvider,
            r.Faces.Select(f => new IdentifyFace(
                f.Face.Index,
                f.Face.IsPrimary,
                new IdentifyBox(f.Face.X, f.Face.Y, f.Face.Width, f.Face.Height),
                f.Label,
                f.Unknown,
                f.Unknown ? null : f.AssignedRank + 1,
                f.Candidates.Select(Candidate).ToArray())).ToArray(),
            new IdentifyMilliseconds(AnalysisJson.Milliseconds(r.Milliseconds), r.SearchMilliseconds),
            calibration);
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

    private static IdentifyCandidate Candidate(IdentityCandidate c) => new(c.Identity, c.IdentityId, c.Score, c.Distance, c.ImageId, c.ThumbnailUrl);
}

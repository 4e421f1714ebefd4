using FacePortal.Engine.Search;
using FacePortal.Web.Features.Identification;

namespace FacePortal.Web.Features.Verification;

/// <summary>The API's response bodies (camelCase by the web defaults).</summary>
internal static class ApiJson
{
    public static object Face(AnalyzedFace f, bool descriptor) => new
    {
        index = f.Index,
        box = new { x = f.X, y = f.Y, width = f.Width, height = f.Height },
        score = f.Score,
        primary = f.IsPrimary,
        // 68 [x, y] pairs, image pixels; empty when the face was too small to measure.
        landmarks = Enumerable.Range(0, f.Landmarks.Length / 2).Select(i => new[] { f.Landmarks[2 * i], f.Landmarks[2 * i + 1] }).ToArray(),
        descriptor = descriptor ? f.Descriptor : null,
    };

    public static object Milliseconds(StageTimings t) => new
    {
        decode = t.Decode,
        detect = t.Detect,
        landmarks = t.Landmarks,
        align = t.Align,
        embed = t.Embed,
        total = t.Total,
    };

    public static object Verify(VerificationResult r) => new
    {
        distance = r.Distance,
        similarity = r.Similarity,
        threshold = r.Threshold,
        match = r.Match,
        model = r.Model,
        metric = r.Metric.ToString(),
        executionProvider = r.ExecutionProvider,
        chosen = new { a = r.FaceA, b = r.FaceB },
        faces = new
        {
            a = r.A.Faces.Select(f => Face(f, false)).ToArray(),
            b = r.B.Faces.Select(f => Face(f, false)).ToArray(),
        },
        milliseconds = Milliseconds(r.Milliseconds),
    };

    public static object Embed(FaceAnalysis a) => new
    {
        model = a.Model,
        metric = a.Metric.ToString(),
        executionProvider = a.ExecutionProvider,
        width = a.Images[0].Width,
        height = a.Images[0].Height,
        faces = a.Images[0].Faces.Select(f => Face(f, true)).ToArray(),
        milliseconds = Milliseconds(a.Milliseconds),
    };

    public static object Identify(IdentificationResult r)
    {
        var primary = r.Primary!;
        return new
        {
            unknown = primary.Unknown,
            candidates = primary.Candidates.Select(Candidate).ToArray(),
            threshold = r.Threshold,
            scoring = r.Scoring.ToString(),
            gallery = r.GalleryId,
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
            milliseconds = new { analysis = Milliseconds(r.Milliseconds), search = r.SearchMilliseconds },
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

using FacePortal.Web.Platform.Analysis;

namespace FacePortal.Web.Features.Verification;

/// <summary>The verify and embed APIs' response bodies (camelCase by the web defaults).</summary>
internal static class VerificationJson
{
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
            a = r.A.Faces.Select(f => AnalysisJson.Face(f, false)).ToArray(),
            b = r.B.Faces.Select(f => AnalysisJson.Face(f, false)).ToArray(),
        },
        milliseconds = AnalysisJson.Milliseconds(r.Milliseconds),
    };

    public static object Embed(FaceAnalysis a) => new
    {
        model = a.Model,
        metric = a.Metric.ToString(),
        executionProvider = a.ExecutionProvider,
        width = a.Images[0].Width,
        height = a.Images[0].Height,
        faces = a.Images[0].Faces.Select(f => AnalysisJson.Face(f, true)).ToArray(),
        milliseconds = AnalysisJson.Milliseconds(a.Milliseconds),
    };
}

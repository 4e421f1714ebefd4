using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Platform.Analysis;

namespace FacePortal.Web.Features.Verification;

/// <summary>The verify and embed APIs' response bodies (camelCase by the web defaults).</summary>
internal static class VerificationJson
{
    public static VerifyAnswer Verify(VerificationResult r, ScoreCalibration calibration) => new(
        r.Distance, r.Similarity, r.Threshold, r.Match, r.Model, r.Metric.ToString(), r.ExecutionProvider,
        new VerifyChosenFaces(r.FaceA, r.FaceB),
        new VerifyFaces([.. r.A.Faces.Select(f => AnalysisJson.Face(f, false))], [.. r.B.Faces.Select(f => AnalysisJson.Face(f, false))]),
        AnalysisJson.Milliseconds(r.Milliseconds),
        calibration);

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

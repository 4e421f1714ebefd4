using FacePortal.Engine.Landmarks;

namespace FacePortal.Web.Platform.Analysis;

/// <summary>The JSON of an analysed face and of stage timings, as every face API answers them (camelCase by the web defaults).</summary>
internal static class AnalysisJson
{
    public static object Face(AnalyzedFace f, bool descriptor) => new
    {
        index = f.Index,
        box = new { x = f.X, y = f.Y, width = f.Width, height = f.Height },
        score = f.Score,
        primary = f.IsPrimary,
        // 68 [x, y] pairs, image pixels; empty when the face was too small to measure.
        landmarks = LandmarkCodec.Pairs(f.Landmarks),
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
}

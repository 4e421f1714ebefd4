using FacePortal.Engine.Recognition;

namespace FacePortal.Web.Platform.Analysis;

/// <summary>Images analysed in one engine call, with what was used and how long each stage took.</summary>
public sealed record FaceAnalysis(
    IReadOnlyList<AnalyzedImage> Images,
    string Model,
    string Signature,
    DistanceMetric Metric,
    double ModelThreshold,
    string ExecutionProvider,
    StageTimings Milliseconds);

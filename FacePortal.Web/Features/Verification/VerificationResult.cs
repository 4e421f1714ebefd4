using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Analysis;

namespace FacePortal.Web.Features.Verification;

/// <summary>
/// Two images compared: all their faces, the two chosen, the distance, similarity and verdict at the threshold,
/// the model and execution provider used, and the time per stage.
/// </summary>
public sealed record VerificationResult(
    AnalyzedImage A,
    AnalyzedImage B,
    int FaceA,
    int FaceB,
    double Distance,
    double Similarity,
    double Threshold,
    bool Match,
    string Model,
    DistanceMetric Metric,
    double ModelThreshold,
    string ExecutionProvider,
    StageTimings Milliseconds)
{
    /// <summary>The same images with other faces chosen or another threshold: no engine call, the descriptors are all here.</summary>
    public VerificationResult With(int faceA, int faceB, double threshold)
    {
        var a = VerificationService.Descriptor(A, faceA);
        var b = VerificationService.Descriptor(B, faceB);
        var distance = DescriptorMath.Distance(a, b, Metric);
        return this with
        {
            FaceA = faceA,
            FaceB = faceB,
            Distance = distance,
            Similarity = DescriptorMath.Similarity(distance, Metric),
            Threshold = threshold,
            Match = distance <= threshold,
        };
    }
}

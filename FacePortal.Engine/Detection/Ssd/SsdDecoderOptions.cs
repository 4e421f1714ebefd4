namespace FacePortal.Engine.Detection.Ssd;

/// <summary>face-api's SsdMobilenetv1Options: keep scores strictly above MinConfidence, at most MaxResults faces.</summary>
public sealed record SsdDecoderOptions(double MinConfidence = 0.5, int MaxResults = 100)
{
    /// <summary>face-api's fixed NMS threshold for SSD: a box overlapping a kept one by IoU above this is dropped.</summary>
    public double IouThreshold { get; init; } = 0.5;
}

using FacePortal.Engine.Detection;
using FacePortal.Engine.Pipeline;

namespace FacePortal.Engine.Embedding;

/// <summary>The outcome for one image in an evaluation: its primary face's descriptor, or why there is none.</summary>
public sealed record PrimaryDescriptor(float[]? Descriptor, FaceDetection? Detection, int FaceCount, DetectionRoute Route, string? Error)
{
    public bool HasFace => Descriptor is not null;
}

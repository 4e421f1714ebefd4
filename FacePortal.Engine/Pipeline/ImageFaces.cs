namespace FacePortal.Engine.Pipeline;

/// <summary>What the pipeline found in one image.</summary>
public sealed record ImageFaces(int Width, int Height, IReadOnlyList<FaceResult> Faces, int PrimaryIndex, DetectionRoute Route)
{
    public FaceResult? Primary => PrimaryIndex >= 0 ? Faces[PrimaryIndex] : null;
}

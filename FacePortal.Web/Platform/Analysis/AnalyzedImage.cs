namespace FacePortal.Web.Platform.Analysis;

/// <summary>What the engine found in one image: its size, every face, and which one is primary (-1 for none).</summary>
public sealed record AnalyzedImage(string Name, int Width, int Height, IReadOnlyList<AnalyzedFace> Faces, int PrimaryIndex, string Route)
{
    public AnalyzedFace? Primary => PrimaryIndex >= 0 && PrimaryIndex < Faces.Count ? Faces[PrimaryIndex] : null;
}

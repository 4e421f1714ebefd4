namespace FacePortal.Web.Features.Clusters;

/// <summary>A stored cluster with the faces still unlabelled in it (named ones have left), its threshold and cohesion.</summary>
public sealed record ClusterView(int Id, double Threshold, double Cohesion, IReadOnlyList<ClusterFace> Faces)
{
    public int Size => Faces.Count;
}

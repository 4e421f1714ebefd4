namespace FacePortal.Engine.Curation;

/// <summary>
/// What <see cref="FaceClusterer"/> found: a cluster label per row (0 = largest cluster), each cluster's cohesion
/// (mean member distance), and whether the neighbour graph came from the approximate index.
/// </summary>
public sealed record FaceClustering(int[] Labels, double[] Cohesion, bool Approximate)
{
    public int Count => Cohesion.Length;
}

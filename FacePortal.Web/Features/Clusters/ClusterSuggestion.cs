namespace FacePortal.Web.Features.Clusters;

/// <summary>"Is this &lt;identity&gt;?": a cluster whose centroid is within its threshold of a named identity's centroid.</summary>
public sealed record ClusterSuggestion(int ClusterId, int IdentityId, string IdentityName, double Distance, IReadOnlyList<ClusterFace> Faces, string? IdentitySample, int IdentitySampleFace);

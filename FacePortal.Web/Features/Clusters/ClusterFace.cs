namespace FacePortal.Web.Features.Clusters;

/// <summary>One unlabelled face as the cluster view shows it: its image row, stored file and face index (for the crop).</summary>
public sealed record ClusterFace(int ImageId, string ContentHash, int FaceIndex, string OriginalName);

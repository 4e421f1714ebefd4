namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// The body of a cluster action: <c>identityId</c> for accept, reject and merge, <c>name</c> for name, <c>imageId</c>
/// for move-out (split takes none).
/// </summary>
public sealed record ClusterActionRequest(int? IdentityId, string? Name, int? ImageId);

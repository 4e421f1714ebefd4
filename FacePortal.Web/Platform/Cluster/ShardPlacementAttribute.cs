using Orleans.Placement;

namespace FacePortal.Web.Platform.Cluster;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardPlacementAttribute() : PlacementAttribute(ShardPlacement.Instance);

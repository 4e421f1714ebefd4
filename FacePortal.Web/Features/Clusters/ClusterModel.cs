using FacePortal.Engine.Recognition;

namespace FacePortal.Web.Features.Clusters;

/// <summary>The model a gallery's faces are clustered with: its descriptors' signature, metric and default threshold (a distance).</summary>
public sealed record ClusterModel(string Name, string Signature, DistanceMetric Metric, double DefaultThreshold);

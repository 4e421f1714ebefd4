using FacePortal.Engine.Recognition;

namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// The model a gallery's faces are clustered with: its descriptors' signature, metric, default threshold (a distance)
/// and where that default came from, in words for the operator.
/// </summary>
public sealed record ClusterModel(string Name, string Signature, DistanceMetric Metric, double DefaultThreshold, string DefaultSource);

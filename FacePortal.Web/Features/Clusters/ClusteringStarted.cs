namespace FacePortal.Web.Features.Clusters;

/// <summary>A clustering job just queued: its id, the model and threshold it runs at, and where that threshold came from.</summary>
public sealed record ClusteringStarted(int JobId, int GalleryId, string Model, double Threshold, string ThresholdSource);

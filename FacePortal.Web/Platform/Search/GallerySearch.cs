using FacePortal.Engine.Recognition;

namespace FacePortal.Web.Platform.Search;

/// <summary>Which descriptors of a gallery a search runs over: those of one pipeline (signature), in its metric and size.</summary>
public sealed record GallerySearch(int GalleryId, string Signature, DistanceMetric Metric, int Dimensions);

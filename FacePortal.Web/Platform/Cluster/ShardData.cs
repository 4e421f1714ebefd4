using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Search;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>A shard's vectors as loaded, and the gallery version they were read at.</summary>
public sealed record ShardData(GalleryIndex Index, GalleryVersion Version);

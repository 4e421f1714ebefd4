using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Search;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>A shard's vectors as loaded, the gallery version they were read at, and the digest of their snapshot file (null: none written).</summary>
public sealed record ShardData(GalleryIndex Index, GalleryVersion Version, byte[]? SnapshotDigest = null);

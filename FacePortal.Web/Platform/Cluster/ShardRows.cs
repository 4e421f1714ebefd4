using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Search;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>A shard's rows as read from the database, their version, and the stamp a snapshot of them carries (null: no such gallery).</summary>
public sealed record ShardRows(GalleryVersion Version, ShardStamp? Stamp, List<GalleryIndexRow> Rows);

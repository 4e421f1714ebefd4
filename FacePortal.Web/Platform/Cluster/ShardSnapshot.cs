using FacePortal.Engine.Search;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>A shard snapshot file as read: its stamp, its rows and its digest.</summary>
public sealed record ShardSnapshot(ShardStamp Stamp, IReadOnlyList<GalleryIndexRow> Rows, byte[] Digest);

using FacePortal.Web.Platform.Search;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// What a shard snapshot file must match to be used: the shard (its key), the gallery (its creation time, so a
/// recreated database whose gallery got the same id and version numbers never matches) and the gallery's version.
/// </summary>
public sealed record ShardStamp(string Key, long GalleryCreatedTicks, GalleryVersion Version);

using FacePortal.Web.Platform.Search;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// One shard of a gallery's descriptors (key: <see cref="ShardKey"/>), resident in its silo's memory. It loads its
/// vectors itself from the portal's database, in the background, and reloads when a query brings a newer version.
/// </summary>
public interface IShardGrain : IGrainWithStringKey
{
    /// <summary>
    /// The shard's k nearest identities at the query's version: waits up to the query's wait for a (re)load of that
    /// version, else answers Loading; a query older than what the shard holds gets Stale.
    /// </summary>
    Task<ShardAnswer> IdentifyAsync(ShardQuery query);

    /// <summary>Starts loading the version (if not held or loading already) and returns at once: Ready or Loading.</summary>
    Task<ShardStatus> WarmAsync(GalleryVersion version);

    /// <summary>Where the shard lives and what it holds (diagnostics, tests).</summary>
    Task<ShardState> StateAsync();

    /// <summary>Drops the shard from memory (it reloads on its next query, on whichever silo placement picks).</summary>
    Task DeactivateAsync();
}

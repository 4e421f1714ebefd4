using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Search;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// One query to one shard. The probe travels as raw float32 bytes: Orleans writes a header per element of a
/// float[] (five bytes per value), a byte[] as it is.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ShardQuery(GalleryVersion Version, byte[] Probe, int K, IdentityScoring Scoring, int WaitMilliseconds);

/// <summary>How a shard answered.</summary>
public enum ShardStatus
{
    /// <summary>Searched at the version asked for.</summary>
    Ready,

    /// <summary>Still loading (or reloading to) the version asked for: not searched.</summary>
    Loading,

    /// <summary>Holds a newer version than the query asked for: a late query, not searched (never answered with other data).</summary>
    Stale,

    /// <summary>Its load failed (logged on its silo).</summary>
    Failed,
}

/// <summary>One shard's identity-level candidate (its nearest image or its centroid).</summary>
[GenerateSerializer, Immutable]
public sealed record ShardCandidate(int IdentityId, string Identity, double Distance, double Score, int ImageId, string ContentHash)
{
    public static ShardCandidate Of(IdentityCandidate c) => new(c.IdentityId, c.Identity, c.Distance, c.Score, c.ImageId, c.ContentHash);

    public IdentityCandidate ToCandidate() => new(IdentityId, Identity, Distance, Score, ImageId, ContentHash);
}

/// <summary>
/// A shard's answer: its status, the version it holds, its size, whether it used its approximate index, and its
/// k nearest identities (Ready only), and how long its search took inside the shard (profiling: the rest of a query's
/// time is messaging, merging and waiting for a core).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ShardAnswer(ShardStatus Status, GalleryVersion? Version, int Rows, bool Approximate, double? RecallAt10, ShardCandidate[] Candidates,
    double SearchMilliseconds = 0);

/// <summary>One query to the coordinator: which shards to ask, at which version, and its deadline.</summary>
[GenerateSerializer, Immutable]
public sealed record ClusterQuery(GallerySearchKey Gallery, int Shards, GalleryVersion Version, byte[] Probe, int K, IdentityScoring Scoring, int DeadlineMilliseconds);

/// <summary><see cref="GallerySearch"/> on the wire.</summary>
[GenerateSerializer, Immutable]
public sealed record GallerySearchKey(int GalleryId, string Signature, int Metric, int Dimensions)
{
    public static GallerySearchKey Of(GallerySearch g) => new(g.GalleryId, g.Signature, (int)g.Metric, g.Dimensions);

    public GallerySearch ToSearch() => new(GalleryId, Signature, (FacePortal.Engine.Recognition.DistanceMetric)Metric, Dimensions);
}

/// <summary>
/// The merged global top-k over the shards that answered in time at the query's version, and how many did and how
/// many rows they searched (the caller turns that into the share of the gallery searched); the slowest shard's search
/// time and the sum over the shards (profiling).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ClusterAnswer(ShardCandidate[] Candidates, int ShardsAnswered, int Shards, long RowsSearched, bool Approximate, double? RecallAt10,
    double SlowestShardMilliseconds = 0, double ShardMillisecondsSum = 0)
{
    public static ClusterAnswer Nothing(int shards) => new([], 0, shards, 0, false, null);
}

/// <summary>A shard's silo, the version and rows it holds, and how many loads it has started since activation.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardState(string Silo, GalleryVersion? Version, int Rows, bool Approximate, int Loads);

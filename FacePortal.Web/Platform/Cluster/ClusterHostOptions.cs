namespace FacePortal.Web.Platform.Cluster;

/// <summary>How a silo (the silo verb, or the portal with Role = Silo) or the portal as a client reaches the cluster ("FacePortal:Cluster").</summary>
public sealed record ClusterHostOptions
{
    public const string Section = "FacePortal:Cluster";

    public ClusterRole Role { get; init; } = ClusterRole.Client;

    public ClusterMembership Membership { get; init; } = ClusterMembership.Localhost;

    /// <summary>StackExchange.Redis connection string (Membership = Redis), e.g. "10.0.0.5:6379".</summary>
    public string Redis { get; init; } = "localhost:6379";

    public string ClusterId { get; init; } = "faceportal";

    public string ServiceId { get; init; } = "faceportal";

    /// <summary>This silo's silo-to-silo port.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>This silo's client gateway port.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>Localhost membership: the silo port of the primary silo (the one that holds the table; start it first).</summary>
    public int PrimarySiloPort { get; init; } = 11111;

    /// <summary>Localhost membership, Role = Client: the gateway ports of the silos on this machine; empty: 30000.</summary>
    /// <remarks>Empty by default: the configuration binder appends configured items to a default array's.</remarks>
    public int[] GatewayPorts { get; init; } = [];

    /// <summary>The gateway ports the client uses: <see cref="GatewayPorts"/>, or 30000 when none is configured.</summary>
    public int[] ClientGatewayPorts => GatewayPorts.Length > 0 ? GatewayPorts : [30000];

    /// <summary>The address other machines reach this silo at (Redis membership across machines); empty: loopback.</summary>
    public string AdvertisedAddress { get; init; } = "";

    /// <summary>
    /// Failure detection: a silo that misses this many probes in a row, each timing out after ProbeTimeoutMilliseconds,
    /// is voted dead. Orleans' defaults (3 x 5 s) left 11-14 s of a SIGKILLed silo's shards unreachable here; on a
    /// LAN 2 x 1 s declares it dead in about 2-3 s and still tolerates a GC pause of a second.
    /// </summary>
    public int ProbeTimeoutMilliseconds { get; init; } = 1000;

    public int MissedProbesLimit { get; init; } = 2;

    /// <summary>
    /// Shard snapshot files (silos): a shard writes its rows (and its approximate index) there after reading them from
    /// the database, and a later load of the same version reads the file instead (a silo's shards reloading on
    /// survivors, a restart). Off: every load reads the database.
    /// </summary>
    public bool Snapshots { get; init; } = true;

    /// <summary>Where the snapshots live; empty: &lt;DataDirectory&gt;/shards. Silos of one machine may share it.</summary>
    public string SnapshotDirectory { get; init; } = "";

    /// <summary>
    /// Every this many minutes a silo deletes the snapshot files no shard will load again (a deleted or recreated
    /// gallery's, versions a shard has moved past, graphs without their rows, a crashed writer's temporary files)
    /// among those untouched for as long (<see cref="ShardSnapshotStore.SweepAsync"/>); 0: never.
    /// </summary>
    public int SnapshotSweepMinutes { get; init; } = 60;

    /// <summary>
    /// HNSW ef_search of one shard's approximate index; 0: FacePortal:Identification:ExpansionSearch divided by the
    /// shard count. A query searches every shard's graph, so 8 shards at the embedded index's ef_search did 8 times
    /// its graph walk (and reached a higher recall: docs/BENCHMARKS.md); USearch never uses less than the rows asked for.
    /// </summary>
    public int ShardExpansionSearch { get; init; }
}

using System.Net;
using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Cluster;

public sealed class ClusterHostOptionsValidator : IValidateOptions<ClusterHostOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterHostOptions o) => new SettingChecks(ClusterHostOptions.Section)
        .Require(Enum.IsDefined(o.Role), nameof(o.Role), "must be Client or Silo", o.Role)
        .Require(Enum.IsDefined(o.Membership), nameof(o.Membership), "must be Localhost or Redis", o.Membership)
        .Require(o.Membership != ClusterMembership.Redis || !string.IsNullOrWhiteSpace(o.Redis), nameof(o.Redis), "must name the Redis server", o.Redis)
        .Require(!string.IsNullOrWhiteSpace(o.ClusterId), nameof(o.ClusterId), "must not be empty", o.ClusterId)
        .Require(!string.IsNullOrWhiteSpace(o.ServiceId), nameof(o.ServiceId), "must not be empty", o.ServiceId)
        .Require(o.SiloPort is > 0 and < 65536, nameof(o.SiloPort), "must be a port", o.SiloPort)
        .Require(o.GatewayPort is > 0 and < 65536 && o.GatewayPort != o.SiloPort, nameof(o.GatewayPort), "must be a port other than SiloPort", o.GatewayPort)
        .Require(o.PrimarySiloPort is > 0 and < 65536, nameof(o.PrimarySiloPort), "must be a port", o.PrimarySiloPort)
        .Require(o.GatewayPorts.All(p => p is > 0 and < 65536), nameof(o.GatewayPorts), "must list ports (or none: 30000)", string.Join(",", o.GatewayPorts))
        .Require(o.AdvertisedAddress.Length == 0 || IPAddress.TryParse(o.AdvertisedAddress, out _), nameof(o.AdvertisedAddress), "must be an IP address or empty", o.AdvertisedAddress)
        .Require(o.ProbeTimeoutMilliseconds is >= 100 and <= 60_000, nameof(o.ProbeTimeoutMilliseconds), "must be in 100..60000", o.ProbeTimeoutMilliseconds)
        .Require(o.MissedProbesLimit is >= 1 and <= 10, nameof(o.MissedProbesLimit), "must be in 1..10", o.MissedProbesLimit)
        .Require(o.SnapshotDirectory.IndexOfAny(Path.GetInvalidPathChars()) < 0 && o.SnapshotDirectory.Trim().Length == o.SnapshotDirectory.Length,
            nameof(o.SnapshotDirectory), "must be a folder path (or empty: <DataDirectory>/shards)", o.SnapshotDirectory)
        .Require(o.SnapshotSweepMinutes is >= 0 and <= 10_080, nameof(o.SnapshotSweepMinutes), "must be in 0..10080 (0: never)", o.SnapshotSweepMinutes)
        .Require(o.ShardExpansionSearch is >= 0 and <= 65_536, nameof(o.ShardExpansionSearch), "must be in 0..65536 (0: ExpansionSearch / shards)", o.ShardExpansionSearch)
        .Result;
}

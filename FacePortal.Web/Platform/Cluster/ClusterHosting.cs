using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>How a silo and a client of the search cluster are configured; one place for the silo verb, the portal and the tests.</summary>
public static class ClusterHosting
{
    // A shard call that outlives this has long been dropped by its coordinator (deadline ~1 s); Orleans' 30 s default
    // kept callbacks (and a hung call, ../shared/notes/scale.md) around for nothing.
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Clustering, failure detection and the search grains' services for a silo.</summary>
    public static ISiloBuilder ConfigureSearchSilo(this ISiloBuilder silo, ClusterHostOptions o)
    {
        silo.Configure<ClusterOptions>(c =>
        {
            c.ClusterId = o.ClusterId;
            c.ServiceId = o.ServiceId;
        });
        if (o.Membership == ClusterMembership.Redis)
        {
            silo.UseRedisClustering(o.Redis);
            var advertised = o.AdvertisedAddress.Length > 0 ? IPAddress.Parse(o.AdvertisedAddress) : IPAddress.Loopback;
            silo.ConfigureEndpoints(advertised, o.SiloPort, o.GatewayPort, listenOnAnyHostAddress: o.AdvertisedAddress.Length > 0);
        }
        else
        {
            silo.UseLocalhostClustering(o.SiloPort, o.GatewayPort, new IPEndPoint(IPAddress.Loopback, o.PrimarySiloPort), o.ServiceId, o.ClusterId);
        }
        silo.Configure<ClusterMembershipOptions>(m =>
        {
            m.ProbeTimeout = TimeSpan.FromMilliseconds(o.ProbeTimeoutMilliseconds);
            m.NumMissedProbesLimit = o.MissedProbesLimit;
        });
        silo.Configure<SiloMessagingOptions>(m => m.ResponseTimeout = ResponseTimeout);
        return silo.AddSearchGrains();
    }

    /// <summary>The shard placement and the shards' storage (the portal's database); what a test cluster's silos need too.</summary>
    public static ISiloBuilder AddSearchGrains(this ISiloBuilder silo)
    {
        silo.Services.AddPlacementDirector<ShardPlacement, ShardPlacementDirector>();
        if (!silo.Services.Any(d => d.ServiceType == typeof(IShardSource)))
        {
            silo.Services.AddSingleton<DatabaseShardSource>();
            silo.Services.AddSingleton<ShardSnapshotStore>();
            silo.Services.AddSingleton<SnapshotShardSource>();
            silo.Services.AddHostedService<ShardSnapshotSweepService>();
            silo.Services.AddSingleton<IShardSource>(sp => sp.GetRequiredService<IOptions<ClusterHostOptions>>().Value.Snapshots
                ? sp.GetRequiredService<SnapshotShardSource>()
                : sp.GetRequiredService<DatabaseShardSource>());
        }
        return silo;
    }

    /// <summary>The portal as a client: through the silos' gateways; retries the first connection for a minute (silos may start later).</summary>
    public static IClientBuilder ConfigureSearchClient(this IClientBuilder client, ClusterHostOptions o)
    {
        client.Configure<ClusterOptions>(c =>
        {
            c.ClusterId = o.ClusterId;
            c.ServiceId = o.ServiceId;
        });
        if (o.Membership == ClusterMembership.Redis)
        {
            client.UseRedisClustering(o.Redis);
        }
        else
        {
            client.UseLocalhostClustering(o.ClientGatewayPorts, o.ServiceId, o.ClusterId);
        }
        client.Configure<ClientMessagingOptions>(m => m.ResponseTimeout = ResponseTimeout);
        var attempts = 0;
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return ++attempts < 60;
        });
        return client;
    }
}

using FacePortal.Web.Platform.Cluster;
using FacePortal.Web.Platform.Settings;

namespace FacePortal.Web.Platform.Search;

public static class SearchHostingExtensions
{
    /// <summary>
    /// 1:N search: the index settings and cache, and <see cref="IFaceSearch"/> by FacePortal:Search:Mode: Embedded
    /// (nothing else starts) or Cluster (the portal joins the cluster as a client or hosts a silo, FacePortal:Cluster:Role).
    /// </summary>
    public static IHostApplicationBuilder AddFaceSearch(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddPortalOptions<IdentificationOptions, IdentificationOptionsValidator>(IdentificationOptions.Section);
        services.AddPortalOptions<SearchOptions, SearchOptionsValidator>(SearchOptions.Section);
        services.AddSingleton<GalleryIndexCache>();
        // The mode decides what is hosted, so it is read now; the validator still checks it at start.
        var mode = builder.Configuration.GetSection(SearchOptions.Section).Get<SearchOptions>()?.Mode ?? SearchMode.Embedded;
        if (mode != SearchMode.Cluster)
        {
            services.AddSingleton<IFaceSearch, EmbeddedFaceSearch>();
            return builder;
        }
        services.AddPortalOptions<ClusterHostOptions, ClusterHostOptionsValidator>(ClusterHostOptions.Section);
        var cluster = builder.Configuration.GetSection(ClusterHostOptions.Section).Get<ClusterHostOptions>() ?? new ClusterHostOptions();
        if (cluster.Role == ClusterRole.Silo)
        {
            builder.UseOrleans(silo => silo.ConfigureSearchSilo(cluster));
        }
        else
        {
            builder.UseOrleansClient(client => client.ConfigureSearchClient(cluster));
        }
        services.AddSingleton<ClusterFaceSearch>();
        services.AddSingleton<IFaceSearch>(sp => sp.GetRequiredService<ClusterFaceSearch>());
        services.AddSingleton<SearchableGalleries>();
        services.AddHostedService<ShardUpdatePushService>();
        return builder;
    }
}

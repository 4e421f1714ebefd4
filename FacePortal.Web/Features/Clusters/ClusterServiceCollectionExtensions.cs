using FacePortal.Web.Platform.Jobs;
using FacePortal.Web.Platform.Settings;

namespace FacePortal.Web.Features.Clusters;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>Clustering of unlabelled faces: its job ("cluster"), the view's services, settings from "FacePortal:Clusters".</summary>
    public static IServiceCollection AddClusters(this IServiceCollection services)
    {
        services.AddPortalOptions<ClusterOptions, ClusterOptionsValidator>(ClusterOptions.Section);
        services.AddSingleton<IJobHandler, ClusterJobHandler>();
        return services.AddClusterServices();
    }

    /// <summary>The services alone (tests register their own options and job runner).</summary>
    internal static IServiceCollection AddClusterServices(this IServiceCollection services)
    {
        services.AddSingleton<ClusterModels>();
        services.AddSingleton<ClusterCheckpoints>();
        services.AddSingleton<ClusterService>();
        services.AddSingleton<ClusterCuration>();
        services.AddSingleton<ClusterSuggestions>();
        return services;
    }
}

using FacePortal.Web.Platform.Jobs;

namespace FacePortal.Web.Features.Adaptation;

public static class AdaptationServiceCollectionExtensions
{
    /// <summary>Model adaptation (Torch build only): its service, files and job handler.</summary>
    public static IServiceCollection AddAdaptation(this IServiceCollection services)
    {
        services.AddSingleton<AdaptationFiles>();
        services.AddSingleton<AdaptationNet>();
        services.AddSingleton<AdaptationService>();
        services.AddSingleton<IJobHandler, AdaptationJobHandler>();
        return services;
    }
}

using FacePortal.Web.Platform.Jobs;
using FacePortal.Web.Platform.Settings;

namespace FacePortal.Web.Features.Robustness;

public static class RobustnessServiceCollectionExtensions
{
    /// <summary>Robustness evaluations: the Torch net, the service and the "robustness" job handler (Torch build only).</summary>
    public static IServiceCollection AddRobustness(this IServiceCollection services)
    {
        services.AddPortalOptions<RobustnessOptions, RobustnessOptionsValidator>(RobustnessOptions.Section);
        services.AddSingleton<RobustnessNet>();
        services.AddSingleton<RobustnessService>();
        services.AddSingleton<IJobHandler, RobustnessJobHandler>();
        return services;
    }
}

using FacePortal.Web.Platform.Settings;

namespace FacePortal.Web.Features.Models;

public static class ModelCheckServiceCollectionExtensions
{
    /// <summary>The model check (page /models/check) and its settings.</summary>
    public static IServiceCollection AddModelCheck(this IServiceCollection services)
    {
        services.AddPortalOptions<ModelCheckOptions, ModelCheckOptionsValidator>(ModelCheckOptions.Section);
        services.AddSingleton<ModelCheckService>();
        return services;
    }
}

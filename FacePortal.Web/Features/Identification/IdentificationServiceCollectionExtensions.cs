using FacePortal.Web.Platform.Settings;

namespace FacePortal.Web.Features.Identification;

public static class IdentificationServiceCollectionExtensions
{
    /// <summary>1:N identification with the per-gallery index cache.</summary>
    public static IServiceCollection AddIdentification(this IServiceCollection services)
    {
        services.AddPortalOptions<IdentificationOptions, IdentificationOptionsValidator>(IdentificationOptions.Section);
        services.AddSingleton<GalleryIndexCache>();
        services.AddSingleton<IdentificationService>();
        return services;
    }
}

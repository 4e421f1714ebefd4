using FacePortal.Web.Features.Identification;
using FacePortal.Web.Platform.Settings;

namespace FacePortal.Web.Features.Verification;

public static class VerificationServiceCollectionExtensions
{
    /// <summary>1:1 verification, 1:N identification with the per-gallery index cache, and the embed API's analyzer.</summary>
    public static IServiceCollection AddVerification(this IServiceCollection services)
    {
        services.AddPortalOptions<IdentificationOptions, IdentificationOptionsValidator>(IdentificationOptions.Section);
        services.AddSingleton<FaceAnalyzer>();
        services.AddSingleton<GalleryIndexCache>();
        services.AddSingleton<VerificationService>();
        services.AddSingleton<IdentificationService>();
        return services;
    }
}

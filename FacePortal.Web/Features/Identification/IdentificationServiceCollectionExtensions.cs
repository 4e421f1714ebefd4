namespace FacePortal.Web.Features.Identification;

public static class IdentificationServiceCollectionExtensions
{
    /// <summary>1:N identification with the per-gallery index cache.</summary>
    public static IServiceCollection AddIdentification(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(IdentificationOptions.Section).Get<IdentificationOptions>() ?? new IdentificationOptions());
        services.AddSingleton<GalleryIndexCache>();
        services.AddSingleton<IdentificationService>();
        return services;
    }
}

namespace FacePortal.Web.Features.Identification;

public static class IdentificationServiceCollectionExtensions
{
    /// <summary>1:N identification over the portal's search (registered by AddFaceSearch, Platform/Search).</summary>
    public static IServiceCollection AddIdentification(this IServiceCollection services)
    {
        services.AddSingleton<IdentificationService>();
        return services;
    }
}

namespace FacePortal.Web.Features.Verification;

public static class VerificationServiceCollectionExtensions
{
    /// <summary>1:1 verification and the embed API.</summary>
    public static IServiceCollection AddVerification(this IServiceCollection services)
    {
        services.AddSingleton<VerificationService>();
        return services;
    }
}

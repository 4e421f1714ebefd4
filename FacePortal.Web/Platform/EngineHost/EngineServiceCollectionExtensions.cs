namespace FacePortal.Web.Platform.EngineHost;

public static class EngineServiceCollectionExtensions
{
    /// <summary>The engine's options (validated now, so a bad setting stops the start) and its background loader.</summary>
    public static IServiceCollection AddFaceEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(EngineConfiguration.Portal(configuration));
        services.AddSingleton(EngineConfiguration.Engine(configuration));
        services.AddSingleton<FaceEngineHost>();
        services.AddHostedService(sp => sp.GetRequiredService<FaceEngineHost>());
        return services;
    }
}

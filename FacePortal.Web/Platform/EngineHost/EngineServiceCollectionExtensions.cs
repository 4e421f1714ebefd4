using FacePortal.Engine;
using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.EngineHost;

public static class EngineServiceCollectionExtensions
{
    /// <summary>The engine's options (validated at start, so a bad setting stops it) and its background loader.</summary>
    public static IServiceCollection AddFaceEngine(this IServiceCollection services)
    {
        services.AddEngineOptions();
        services.AddSingleton<FaceEngineHost>();
        services.AddHostedService(sp => sp.GetRequiredService<FaceEngineHost>());
        return services;
    }

    /// <summary>"FacePortal" and "FacePortal:Engine", the models folder under the data directory unless configured.</summary>
    public static IServiceCollection AddEngineOptions(this IServiceCollection services)
    {
        services.AddPortalOptions<PortalOptions, PortalOptionsValidator>(PortalOptions.Section);
        // Registered before the section is bound, so a configured Models:ModelsDirectory wins over this default.
        services.AddOptions<FaceEngineOptions>().Configure<IOptions<PortalOptions>>((engine, portal) => new ConfigurationBuilder()
            .AddInMemoryCollection([new("Models:ModelsDirectory", portal.Value.ModelsDirectory)])
            .Build()
            .Bind(engine));
        services.AddPortalOptions<FaceEngineOptions, FaceEngineOptionsValidator>(EngineConfiguration.Section);
        return services;
    }
}

using FacePortal.Engine;

namespace FacePortal.Web.Platform.EngineHost;

/// <summary>Reads the engine's options from configuration, with the models folder under the data directory by default.</summary>
public static class EngineConfiguration
{
    public const string Section = "FacePortal:Engine";

    public static PortalOptions Portal(IConfiguration configuration) =>
        configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();

    public static FaceEngineOptions Engine(IConfiguration configuration)
    {
        var portal = Portal(configuration);
        var options = configuration.GetSection(Section).Get<FaceEngineOptions>() ?? new FaceEngineOptions();
        if (configuration[$"{Section}:Models:ModelsDirectory"] is null)
        {
            options = options with { Models = options.Models with { ModelsDirectory = portal.ModelsDirectory } };
        }
        options.Validate();
        return options;
    }

    /// <summary>appsettings.json beside the program (the top-level one, copied at build), then FACEPORTAL_ variables.</summary>
    public static IConfigurationRoot Build(string[] args) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables("FACEPORTAL_")
        .Build();
}

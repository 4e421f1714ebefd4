namespace FacePortal.Web.Platform.EngineHost;

/// <summary>Where the portal's and the command line's settings come from.</summary>
public static class EngineConfiguration
{
    public const string Section = "FacePortal:Engine";

    /// <summary>appsettings.json beside the program (the top-level one, copied at build), then FACEPORTAL_ variables.</summary>
    public static IConfigurationRoot Build(string[] args) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables("FACEPORTAL_")
        .Build();
}

using System.Globalization;
using FacePortal.Web.Platform.Cluster;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Search;
using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Cli;

/// <summary>
/// The silo verb: a search-cluster silo process (shard grains and coordinators) over the portal's database, with
/// the portal's settings (appsettings.json, FACEPORTAL_ variables); the ports may be given on the command line.
/// Runs until Ctrl+C or SIGTERM.
/// </summary>
public static class SiloCommand
{
    private static readonly Dictionary<string, string> PortOptions = new()
    {
        ["--port"] = nameof(ClusterHostOptions.SiloPort),
        ["--gateway"] = nameof(ClusterHostOptions.GatewayPort),
        ["--primary"] = nameof(ClusterHostOptions.PrimarySiloPort),
    };

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter stdout, CancellationToken cancellationToken)
    {
        var a = CliArguments.Parse(args, new HashSet<string>(), PortOptions.Keys.Append("--data").ToHashSet());
        var overrides = new Dictionary<string, string?>();
        foreach (var (option, key) in PortOptions)
        {
            if (a.Value(option) is { } value)
            {
                overrides[$"{ClusterHostOptions.Section}:{key}"] = CommandLine.ParseInt(option, value).ToString(CultureInfo.InvariantCulture);
            }
        }
        if (a.Value("--data") is { } data)
        {
            overrides[$"{PortalOptions.Section}:{nameof(PortalOptions.DataDirectory)}"] = data;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(configuration);
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Information).AddFilter("Orleans", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
        builder.Services.AddEngineOptions();
        builder.Services.AddPortalData();
        builder.Services.AddPortalOptions<IdentificationOptions, IdentificationOptionsValidator>(IdentificationOptions.Section);
        builder.Services.AddPortalOptions<ClusterHostOptions, ClusterHostOptionsValidator>(ClusterHostOptions.Section);
        var cluster = builder.Configuration.GetSection(ClusterHostOptions.Section).Get<ClusterHostOptions>() ?? new ClusterHostOptions();
        builder.UseOrleans(silo => silo.ConfigureSearchSilo(cluster));
        using var host = builder.Build();
        var portal = host.Services.GetRequiredService<IOptions<PortalOptions>>().Value;
        await host.StartAsync(cancellationToken);
        await stdout.WriteLineAsync($"silo up: port {cluster.SiloPort}, gateway {cluster.GatewayPort}, membership {cluster.Membership}, data {Path.GetFullPath(portal.DataDirectory)}");
        await stdout.FlushAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        await host.StopAsync(CancellationToken.None);
        return 0;
    }
}

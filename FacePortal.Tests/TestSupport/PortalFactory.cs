using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FacePortal.Tests.TestSupport;

/// <summary>The real portal in-process, on a fresh data folder, with the shared model cache.</summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Test-Password-1";
    public const string ApiKey = "test-api-key-0123456789";

    private readonly bool _ownsDataDirectory;

    /// <summary>A fresh temporary data folder, deleted on dispose.</summary>
    public PortalFactory()
        : this(null)
    {
    }

    // xunit class fixtures need exactly one public constructor: the other way in is OnDataDirectory.
    private PortalFactory(string? dataDirectory)
    {
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "fp-portal-" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>
    /// On <paramref name="dataDirectory"/> (kept on dispose: the caller owns it), e.g. a second host on the data of
    /// one that was stopped, as after a restart.
    /// </summary>
    public static PortalFactory OnDataDirectory(string dataDirectory) => new(dataDirectory);

    public string DataDirectory { get; }

    /// <summary>Extra configuration (e.g. "FacePortal:Import:BatchSize"), applied over the defaults; set before the first client.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>When the portal's Blazor circuits opened and closed.</summary>
    public CircuitLog Circuits { get; } = new();

    /// <summary>The portal's warnings and errors, for a failing test to print.</summary>
    public PortalLog Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureServices(services => services.AddSingleton(Circuits).AddScoped<CircuitHandler, CircuitProbe>());
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        builder.UseSetting("FacePortal:DataDirectory", DataDirectory);
        builder.UseSetting("FacePortal:Engine:Models:ModelsDirectory", FaceApiPackage.Options.ModelsDirectory);
        builder.UseSetting("FacePortal:Admin:Email", AdminEmail);
        builder.UseSetting("FacePortal:Admin:Password", AdminPassword);
        builder.UseSetting("FacePortal:ApiKeys:0", ApiKey);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>An HTTP client that signs in with the API key.</summary>
    public HttpClient CreateApiClient()
    {
        var client = CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDataDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

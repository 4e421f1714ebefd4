using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Imports;
using FacePortal.Web.Platform.Cluster;
using FacePortal.Web.Platform.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FacePortal.Tests.Web.Platform;

/// <summary>
/// The portal's own list settings (server roots, allowed origins, API keys, cluster gateway ports) through real configuration, a JSON file and
/// environment variables, as an operator writes them: each holds exactly the items configured. The .NET binder appends
/// configured items to a non-empty default array, so a default that is not empty would show up here as extra items.
/// (The engine's lists: EmbeddingModelConfigurationTests and CatalogueConfigurationTests.)
/// </summary>
public sealed class ArraySettingsBindingTests : IDisposable
{
    private readonly string _prefix = "FPTEST_" + Guid.NewGuid().ToString("N") + "_";
    private readonly List<string> _variables = [];
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("fp-array-settings-");

    private WebApplicationFactory<Program> Portal(PortalFactory portal, string json, Dictionary<string, string> variables)
    {
        var file = Path.Combine(_temp.FullName, "settings.json");
        File.WriteAllText(file, json);
        foreach (var (key, value) in variables)
        {
            Environment.SetEnvironmentVariable(_prefix + key, value);
            _variables.Add(_prefix + key);
        }
        return portal.WithWebHostBuilder(b => b.ConfigureAppConfiguration(c => c.AddJsonFile(file).AddEnvironmentVariables(_prefix)));
    }

    [Fact]
    public async Task Start_ListsFromJson_HoldExactlyTheConfiguredItems()
    {
        var (a, b) = (Folder("a"), Folder("b"));
        await using var portal = new PortalFactory();
        await using var app = Portal(portal, Json(a, b, "https://faces.example.org", "https://review.example.org"), []);

        var services = app.Services;

        Assert.Equal([a, b], services.GetRequiredService<IOptions<ImportOptions>>().Value.ServerRoots);
        Assert.Equal(["https://faces.example.org", "https://review.example.org"], services.GetRequiredService<IOptions<SecurityOptions>>().Value.AllowedOrigins);
    }

    [Fact]
    public async Task Start_EnvironmentVariablesOverJson_ReplaceAnItemByIndexAndAddOne()
    {
        var (a, b, c, d) = (Folder("a"), Folder("b"), Folder("c"), Folder("d"));
        await using var portal = new PortalFactory();
        await using var app = Portal(portal, Json(a, b, "https://faces.example.org", "https://review.example.org"), new()
        {
            ["FacePortal__Import__ServerRoots__1"] = c,
            ["FacePortal__Import__ServerRoots__2"] = d,
            ["FacePortal__Security__AllowedOrigins__0"] = "https://other.example.org",
            // PortalFactory configures key 0; an operator's second key comes from the environment.
            ["FacePortal__ApiKeys__1"] = "second-key-from-the-environment",
        });

        var services = app.Services;

        Assert.Equal([a, c, d], services.GetRequiredService<IOptions<ImportOptions>>().Value.ServerRoots);
        Assert.Equal(["https://other.example.org", "https://review.example.org"], services.GetRequiredService<IOptions<SecurityOptions>>().Value.AllowedOrigins);
        Assert.Equal([PortalFactory.ApiKey, "second-key-from-the-environment"],
            services.GetRequiredService<IConfiguration>().GetSection("FacePortal:ApiKeys").Get<string[]>() ?? []);
        // The second key opens the API, as the first does.
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "second-key-from-the-environment");
        Assert.True((await client.GetAsync("/api/galleries")).IsSuccessStatusCode);
    }

    [Fact]
    public void ClusterGatewayPorts_FromJsonAndEnvironment_ExactlyTheConfiguredPorts_AndNoneMeans30000()
    {
        var file = Path.Combine(_temp.FullName, "cluster.json");
        File.WriteAllText(file, """{ "FacePortal": { "Cluster": { "GatewayPorts": [ 30001, 30002 ] } } }""");
        Environment.SetEnvironmentVariable(_prefix + "FacePortal__Cluster__GatewayPorts__2", "30003");
        _variables.Add(_prefix + "FacePortal__Cluster__GatewayPorts__2");
        // Bound as the portal and the silo verb bind it (SearchHostingExtensions, SiloCommand).
        ClusterHostOptions Bind(IConfiguration c) => c.GetSection(ClusterHostOptions.Section).Get<ClusterHostOptions>() ?? new ClusterHostOptions();

        var configured = Bind(new ConfigurationBuilder().AddJsonFile(file).AddEnvironmentVariables(_prefix).Build());
        var none = Bind(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["FacePortal:Cluster:Role"] = "Client" }).Build());

        Assert.Equal([30001, 30002, 30003], configured.ClientGatewayPorts);
        Assert.Equal([30000], none.ClientGatewayPorts);
        Assert.True(new ClusterHostOptionsValidator().Validate(null, configured).Succeeded);
    }

    private string Folder(string name) => _temp.CreateSubdirectory(name).FullName;

    private static string Json(string rootA, string rootB, string originA, string originB) => $$"""
        { "FacePortal": {
            "Import": { "ServerRoots": [ "{{rootA}}", "{{rootB}}" ] },
            "Security": { "AllowedOrigins": [ "{{originA}}", "{{originB}}" ] } } }
        """;

    public void Dispose()
    {
        _variables.ForEach(v => Environment.SetEnvironmentVariable(v, null));
        _temp.Delete(recursive: true);
    }
}

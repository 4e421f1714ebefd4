using FacePortal.Engine;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Features.Imports;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FacePortal.Tests.Web.Platform;

/// <summary>Settings go through real configuration (a JSON file, environment variables) and are checked when the portal starts.</summary>
public sealed class PortalSettingsTests : IDisposable
{
    // A prefix of our own, so the variables set here reach no other test's portal.
    private readonly string _prefix = "FPTEST_" + Guid.NewGuid().ToString("N") + "_";
    private readonly List<string> _variables = [];
    private readonly string _json = Path.Combine(Path.GetTempPath(), "fp-settings-" + Guid.NewGuid().ToString("N") + ".json");

    private WebApplicationFactory<Program> Portal(PortalFactory portal, string? json = null, Dictionary<string, string>? variables = null)
    {
        if (json is not null)
        {
            File.WriteAllText(_json, json);
        }
        foreach (var (key, value) in variables ?? [])
        {
            Environment.SetEnvironmentVariable(_prefix + key, value);
            _variables.Add(_prefix + key);
        }
        return portal.WithWebHostBuilder(b => b.ConfigureAppConfiguration(c =>
        {
            if (json is not null)
            {
                c.AddJsonFile(_json);
            }
            c.AddEnvironmentVariables(_prefix);
        }));
    }

    private static string Messages(Exception e) => e is AggregateException a
        ? string.Join(" | ", a.Flatten().InnerExceptions.Select(Messages))
        : e.Message + (e.InnerException is { } inner ? " | " + Messages(inner) : "");

    [Fact]
    public async Task Start_GoodSettingsFromJsonAndEnvironment_AreBound()
    {
        await using var portal = new PortalFactory();
        await using var app = Portal(portal,
            json: """{ "FacePortal": { "Import": { "BatchSize": 7 }, "Engine": { "Pipeline": { "BatchSize": 12 } } } }""",
            variables: new() { ["FacePortal__Galleries__MaxPairs"] = "123", ["FacePortal__Import__MaxBrowserFiles"] = "9" });

        var services = app.Services;

        Assert.Equal(7, services.GetRequiredService<IOptions<ImportOptions>>().Value.BatchSize);
        Assert.Equal(9, services.GetRequiredService<IOptions<ImportOptions>>().Value.MaxBrowserFiles);
        Assert.Equal(12, services.GetRequiredService<IOptions<FaceEngineOptions>>().Value.Pipeline.BatchSize);
        Assert.Equal(123, services.GetRequiredService<IOptions<GalleryOptions>>().Value.MaxPairs);
        Assert.Equal(portal.DataDirectory, services.GetRequiredService<IOptions<PortalOptions>>().Value.DataDirectory);
    }

    [Theory]
    [InlineData("FacePortal__Import__BatchSize", "0", "FacePortal:Import:BatchSize")]
    [InlineData("FacePortal__Galleries__NearDuplicateDistance", "-1", "FacePortal:Galleries:NearDuplicateDistance")]
    [InlineData("FacePortal__Identification__Connectivity", "1", "FacePortal:Identification:Connectivity")]
    [InlineData("FacePortal__Admin__Password", "short", "FacePortal:Admin:Password")]
    [InlineData("FacePortal__Engine__Pipeline__DetectorInputSize", "100", "FacePortal:Engine: Pipeline:DetectorInputSize")]
    [InlineData("FacePortal__Security__AllowedOrigins__0", "https://faces.example.org/app", "FacePortal:Security:AllowedOrigins")]
    [InlineData("FacePortal__Security__HstsMaxAgeDays", "-1", "FacePortal:Security:HstsMaxAgeDays")]
    [InlineData("FacePortal__Engine__Runtime__ExecutionProvider", "99", "FacePortal:Engine:Runtime:ExecutionProvider must be one of")]
    [InlineData("FacePortal__Galleries__Metric", "7", "FacePortal:Galleries:Metric must be one of")]
    [InlineData("FacePortal__Analysis__MemoryBudgetMegabytes", "0", "FacePortal:Analysis:MemoryBudgetMegabytes")]
    public async Task Start_BadEnvironmentVariable_StopsTheStartNamingTheSetting(string variable, string value, string named)
    {
        await using var portal = new PortalFactory();
        await using var app = Portal(portal, variables: new() { [variable] = value });

        var e = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(named, Messages(e), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadJsonValue_StopsTheStartNamingTheSetting()
    {
        await using var portal = new PortalFactory();
        await using var app = Portal(portal, json: """{ "FacePortal": { "Import": { "MaxCompressionRatio": 0.5 } } }""");

        var e = Assert.ThrowsAny<OptionsValidationException>(() => app.Services);

        Assert.Contains("FacePortal:Import:MaxCompressionRatio must be at least 1 (got 0.5)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EngineOptions_NoModelsDirectory_DefaultsUnderTheDataDirectory()
    {
        var data = Path.Combine(Path.GetTempPath(), "fp-data-" + Guid.NewGuid().ToString("N"));

        using var services = EngineServices(new() { ["FacePortal:DataDirectory"] = data });

        Assert.Equal(Path.Combine(data, "models"), services.GetRequiredService<IOptions<FaceEngineOptions>>().Value.Models.ModelsDirectory);
    }

    [Fact]
    public void EngineOptions_ConfiguredModelsDirectory_WinsOverTheDefault()
    {
        using var services = EngineServices(new() { ["FacePortal:DataDirectory"] = "d", ["FacePortal:Engine:Models:ModelsDirectory"] = "/elsewhere" });

        Assert.Equal("/elsewhere", services.GetRequiredService<IOptions<FaceEngineOptions>>().Value.Models.ModelsDirectory);
    }

    private static ServiceProvider EngineServices(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .AddEngineOptions()
        .BuildServiceProvider();

    public void Dispose()
    {
        _variables.ForEach(v => Environment.SetEnvironmentVariable(v, null));
        File.Delete(_json);
    }
}

using FacePortal.Engine;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// The engine's options through real configuration binding (a JSON file, then environment variables), bound exactly
/// as the portal binds them. Environment variables get a prefix of their own per instance, so they never reach a
/// portal another test builds meanwhile; they and the file are removed on dispose.
/// </summary>
public sealed class EngineOptionsBinding : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fp-config-").FullName;
    private readonly string _prefix = $"FACEPORTAL_T{Guid.NewGuid():N}_";
    private readonly List<string> _variables = [];

    public FaceEngineOptions Bind(string? json, params (string Key, string Value)[] environment)
    {
        var builder = new ConfigurationBuilder();
        if (json is not null)
        {
            var file = Path.Combine(_folder, "appsettings.json");
            File.WriteAllText(file, json);
            builder.AddJsonFile(file, optional: false);
        }
        foreach (var (key, value) in environment)
        {
            _variables.Add(_prefix + key);
            Environment.SetEnvironmentVariable(_prefix + key, value);
        }
        builder.AddEnvironmentVariables(_prefix);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(builder.Build());
        services.AddEngineOptions();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<FaceEngineOptions>>().Value;
    }

    public void Dispose()
    {
        foreach (var v in _variables)
        {
            Environment.SetEnvironmentVariable(v, null);
        }
        Directory.Delete(_folder, recursive: true);
    }
}

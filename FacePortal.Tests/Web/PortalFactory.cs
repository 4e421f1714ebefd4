using FacePortal.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FacePortal.Tests.Web;

/// <summary>The real portal in-process, on a fresh data folder, with the shared model cache.</summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Test-Password-1";
    public const string ApiKey = "test-api-key-0123456789";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "fp-portal-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("FacePortal:DataDirectory", DataDirectory);
        builder.UseSetting("FacePortal:Engine:Models:ModelsDirectory", FaceApiPackage.Options.ModelsDirectory);
        builder.UseSetting("FacePortal:Admin:Email", AdminEmail);
        builder.UseSetting("FacePortal:Admin:Password", AdminPassword);
        builder.UseSetting("FacePortal:ApiKeys:0", ApiKey);
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
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

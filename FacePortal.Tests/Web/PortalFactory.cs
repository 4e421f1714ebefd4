using FacePortal.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FacePortal.Tests.Web;

/// <summary>The real portal in-process, on a fresh data folder, with the shared model cache.</summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "fp-portal-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("FacePortal:DataDirectory", DataDirectory);
        builder.UseSetting("FacePortal:Engine:Models:ModelsDirectory", FaceApiPackage.Options.ModelsDirectory);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

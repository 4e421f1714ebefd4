using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Imports;

/// <summary>
/// One portal for the import tests, with small limits so the hostile cases stay small on disk: uploads over
/// 8 MiB, zips over 16 MiB uncompressed or 1,000 entries are refused; batches of 4 so jobs report often.
/// </summary>
public sealed class ImportPortalFixture : IAsyncLifetime
{
    public const long MaxUploadBytes = 8L * 1024 * 1024;
    public const long MaxZipTotalBytes = 16L * 1024 * 1024;
    public const int MaxZipEntries = 1000;

    /// <summary>The one server root these portals allow: the temp folder (test folders are made under it).</summary>
    public static readonly string ServerRoot = Path.GetFullPath(Path.GetTempPath());

    public PortalFactory Factory { get; } = Configure(new PortalFactory());

    internal ImportApiClient Api { get; private set; } = null!;

    public static PortalFactory Configure(PortalFactory factory)
    {
        factory.Settings["FacePortal:Import:MaxUploadBytes"] = MaxUploadBytes.ToString();
        factory.Settings["FacePortal:Import:MaxZipTotalBytes"] = MaxZipTotalBytes.ToString();
        factory.Settings["FacePortal:Import:MaxZipEntries"] = MaxZipEntries.ToString();
        factory.Settings["FacePortal:Import:BatchSize"] = "4";
        // Server-folder and CSV imports read the temp folders the tests build (and the LFW copies in them).
        factory.Settings["FacePortal:Import:ServerRoots:0"] = ServerRoot;
        return factory;
    }

    public PortalDbContext Db() => Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();

    public Task InitializeAsync()
    {
        Api = new ImportApiClient(Factory.CreateApiClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ImportPortalCollection : ICollectionFixture<ImportPortalFixture>
{
    public const string Name = "import portal";
}

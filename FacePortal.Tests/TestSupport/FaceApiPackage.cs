using FacePortal.Engine.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// The face-api package (weights and demo images), fetched once by the engine's own store into a cache shared by
/// all test runs on this machine, exactly as the portal fetches it on first use.
/// </summary>
public static class FaceApiPackage
{
    public static ModelStoreOptions Options { get; } = new()
    {
        ModelsDirectory = Path.Combine(Path.GetTempPath(), "faceportal-test-models"),
    };

    private static readonly Lazy<string> Resolved = new(() =>
        new FaceApiPackageStore(Options, NullLogger<FaceApiPackageStore>.Instance)
            .GetPackageDirectoryAsync(null, CancellationToken.None).GetAwaiter().GetResult());

    public static string Directory => Resolved.Value;
}

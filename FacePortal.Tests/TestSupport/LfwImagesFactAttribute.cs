namespace FacePortal.Tests.TestSupport;

/// <summary>
/// A fact that needs the shared LFW images (../shared/datasets/lfw/images), and nothing else from ../shared;
/// skipped, saying so, when they are absent.
/// </summary>
public sealed class LfwImagesFactAttribute : FactAttribute
{
    public static string Folder => Path.Combine(RepoPaths.Lfw, "images");

    public LfwImagesFactAttribute()
    {
        if (!Directory.Exists(Folder))
        {
            Skip = $"the shared LFW images are absent (expected {Folder})";
        }
    }
}

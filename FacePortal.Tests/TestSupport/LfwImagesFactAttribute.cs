namespace FacePortal.Tests.TestSupport;

/// <summary>A fact that needs the shared LFW images (../shared/datasets/lfw/images); skipped, naming the folder, when absent.</summary>
public sealed class LfwImagesFactAttribute : FactAttribute
{
    public LfwImagesFactAttribute() => Skip = SharedData.LfwImagesMissing!;
}

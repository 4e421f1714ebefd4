namespace FacePortal.Tests.TestSupport;

/// <summary>The theory form of <see cref="LfwImagesFactAttribute"/>: skipped, naming the folder, when the LFW images are absent.</summary>
public sealed class LfwImagesTheoryAttribute : TheoryAttribute
{
    public LfwImagesTheoryAttribute() => Skip = SharedData.LfwImagesMissing!;
}

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// A fact that needs the LFW protocol: the shared images and pairs files (../shared/datasets/lfw/pairs.txt,
/// pairsDevTrain.txt); skipped, naming what is absent. Tests of images alone use <see cref="LfwImagesFactAttribute"/>.
/// </summary>
public sealed class LfwFactAttribute : FactAttribute
{
    public LfwFactAttribute() => Skip = SharedData.LfwMissing!;
}

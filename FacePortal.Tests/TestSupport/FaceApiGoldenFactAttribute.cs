namespace FacePortal.Tests.TestSupport;

/// <summary>
/// A fact that compares with face-api's goldens (../shared/tools/faceapi-ref/golden); skipped, naming the folder,
/// when they are absent. Tests that need only face-api's weights or demo images (fetched with npm, as the portal
/// fetches them) are plain facts: a failed fetch is a failure, not a skip.
/// </summary>
public sealed class FaceApiGoldenFactAttribute : FactAttribute
{
    public FaceApiGoldenFactAttribute() => Skip = SharedData.GoldenMissing!;
}

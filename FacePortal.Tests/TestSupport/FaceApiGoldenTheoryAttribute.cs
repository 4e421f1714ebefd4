namespace FacePortal.Tests.TestSupport;

/// <summary>The theory form of <see cref="FaceApiGoldenFactAttribute"/>: skipped, naming the folder, when face-api's goldens are absent.</summary>
public sealed class FaceApiGoldenTheoryAttribute : TheoryAttribute
{
    public FaceApiGoldenTheoryAttribute() => Skip = SharedData.GoldenMissing!;
}

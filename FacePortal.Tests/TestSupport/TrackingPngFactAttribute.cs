namespace FacePortal.Tests.TestSupport;

/// <summary>
/// A fact that needs tracking's faces.png (the source of golden/tracking-faces-png.json): exact pixels, so the
/// tightest parity check. Skipped, saying which, when the goldens are absent or npm cannot fetch the package
/// (<see cref="TrackingPackage"/>).
/// </summary>
public sealed class TrackingPngFactAttribute : FactAttribute
{
    public static string PngPath => TrackingPackage.Resolve("node_modules/tracking/test/assets/faces.png");

    public TrackingPngFactAttribute() => Skip = (SharedData.GoldenMissing ?? TrackingPackage.MissingReason)!;
}

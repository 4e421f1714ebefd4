using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Engine.Models;

/// <summary>
/// A fact that needs tracking's faces.png (the source of golden/tracking-faces-png.json): exact pixels, so the
/// tightest parity check. The package is fetched with npm (TrackingPackage); skipped, with the reason, only when
/// the goldens are absent or npm cannot fetch it.
/// </summary>
public sealed class TrackingPngFactAttribute : FactAttribute
{
    public static string PngPath => TrackingPackage.Resolve("node_modules/tracking/test/assets/faces.png");

    public TrackingPngFactAttribute()
    {
        if (FaceApiRef.MissingReason() is { } reason)
        {
            Skip = reason;
        }
        else if (TrackingPackage.MissingReason is { } missing)
        {
            Skip = missing;
        }
    }
}

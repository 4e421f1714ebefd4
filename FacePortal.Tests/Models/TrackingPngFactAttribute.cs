namespace FacePortal.Tests.Models;

/// <summary>
/// A fact that needs tracking's faces.png (the source of golden/tracking-faces-png.json). It lives in faceapi-ref's
/// node_modules, which only exist after `npm ci` there; FACEPORTAL_TRACKING_PNG may point at a copy instead
/// (e.g. extracted from `npm pack tracking@1.1.3`). Skipped with the reason otherwise.
/// </summary>
public sealed class TrackingPngFactAttribute : FactAttribute
{
    public static string PngPath =>
        Environment.GetEnvironmentVariable("FACEPORTAL_TRACKING_PNG") is { Length: > 0 } path
            ? path
            : Path.Combine(FaceApiRef.RefFolder, "node_modules", "tracking", "test", "assets", "faces.png");

    public TrackingPngFactAttribute()
    {
        if (FaceApiRef.MissingReason() is { } reason)
        {
            Skip = reason;
        }
        else if (!File.Exists(PngPath))
        {
            Skip = $"tracking's faces.png is not available offline ({PngPath}): run `npm ci` in tools/faceapi-ref "
                + "or set FACEPORTAL_TRACKING_PNG to a copy of it.";
        }
    }
}

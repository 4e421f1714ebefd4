using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Web.Features.Imports;

/// <summary>
/// A fact that hosts the real portal: skipped, saying why, when face-api's weights cannot be had (and, with
/// <c>NeedsLfw</c>, when the shared LFW images are absent). Unlike FaceApiFact it does not need the goldens.
/// </summary>
public sealed class PortalFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> WeightsMissing = new(() =>
    {
        try
        {
            var manifest = Path.Combine(FaceApiPackage.Directory, "model", "face_recognition_model-weights_manifest.json");
            return File.Exists(manifest) ? null : $"face-api weights not found ({manifest})";
        }
        catch (Exception e)
        {
            return "face-api weights unavailable: " + e.Message;
        }
    });

    public PortalFactAttribute()
    {
        if (WeightsMissing.Value is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>Also needs the shared LFW images (../shared/datasets/lfw/images).</summary>
    public bool NeedsLfw
    {
        get => false;
        set
        {
            if (value && Skip is null && !Directory.Exists(ImportTestData.LfwImages))
            {
                Skip = $"the shared LFW images are absent (expected {ImportTestData.LfwImages})";
            }
        }
    }
}

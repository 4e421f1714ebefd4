using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Web.Features.Evaluations;

/// <summary>A fact that needs the shared LFW images (only the images); skipped, saying so, when they are absent.</summary>
public sealed class LfwImagesFactAttribute : FactAttribute
{
    public LfwImagesFactAttribute()
    {
        if (!Directory.Exists(Path.Combine(RepoPaths.Lfw, "images")))
        {
            Skip = $"the shared LFW images are absent (expected {Path.Combine(RepoPaths.Lfw, "images")})";
        }
    }
}

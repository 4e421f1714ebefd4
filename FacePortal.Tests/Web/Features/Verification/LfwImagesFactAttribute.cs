using FacePortal.Tests.Engine.Models;

namespace FacePortal.Tests.Web.Features.Verification;

/// <summary>A fact that needs LFW's images and the face-api weights; skipped, saying so, when either is absent.</summary>
public sealed class LfwImagesFactAttribute : FactAttribute
{
    public LfwImagesFactAttribute()
    {
        if (!Directory.Exists(VerifyImages.LfwImages))
        {
            Skip = $"the shared LFW images are absent (expected {VerifyImages.LfwImages})";
        }
        else if (FaceApiRef.MissingReason() is { } reason)
        {
            Skip = reason;
        }
    }
}

namespace FacePortal.Web.Platform;

/// <summary>What this build was compiled with, for pages that link to optional features.</summary>
public static class BuildFeatures
{
    /// <summary>True in the Torch build (-p:FacePortalTorch=true): model adaptation and robustness pages exist.</summary>
#if FACEPORTAL_TORCH
    public const bool Torch = true;
#else
    public const bool Torch = false;
#endif
}

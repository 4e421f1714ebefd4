namespace FacePortal.Web.Platform.Settings;

/// <summary>What this build was compiled with, for pages that link to optional features.</summary>
public static class BuildFeatures
{
    /// <summary>Built with -p:FacePortalTorch=true: robustness evaluations exist.</summary>
    public static bool Torch { get; } =
#if FACEPORTAL_TORCH
        true;
#else
        false;
#endif
}

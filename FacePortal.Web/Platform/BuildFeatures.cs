namespace FacePortal.Web.Platform;

/// <summary>What this build was compiled with, for pages that link to optional features.</summary>
public static class BuildFeatures
{
    // A property, not a const: pages test it without the compiler calling the other branch unreachable.
    /// <summary>True in the Torch build (-p:FacePortalTorch=true): model adaptation and robustness pages exist.</summary>
#if FACEPORTAL_TORCH
    public static bool Torch { get; } = true;
#else
    public static bool Torch { get; }
#endif
}

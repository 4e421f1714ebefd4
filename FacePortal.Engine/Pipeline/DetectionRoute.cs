namespace FacePortal.Engine.Pipeline;

/// <summary>Which attempt found the faces of an image; anything but <see cref="Direct"/> is worth a look.</summary>
public enum DetectionRoute
{
    None,
    Direct,
    LowScore,
    Border,
    Ssd,
}

namespace FacePortal.Engine.Imaging;

/// <summary>Where face-api puts the zero padding that makes an input square.</summary>
public enum SquarePad
{
    /// <summary>Leading side floor(d/2), trailing side ceil(d/2): landmark and recognition nets.</summary>
    Centred,

    /// <summary>All of the padding after the image: the detectors.</summary>
    BottomRight,
}

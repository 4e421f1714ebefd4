namespace FacePortal.Engine.Imaging;

/// <summary>What an image's header declares, read without decoding a pixel.</summary>
public sealed record ImageHeader(string Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;
}

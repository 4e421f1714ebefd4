namespace FacePortal.Engine.Imaging;

/// <summary>A decoded image: 8-bit RGB, row-major, 3 bytes a pixel, no padding between rows.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != checked(width * height * 3))
        {
            throw new ArgumentException($"{pixels.Length} bytes do not make a {width}x{height} RGB image.", nameof(pixels));
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public PixelRect Bounds => new(0, 0, Width, Height);
}

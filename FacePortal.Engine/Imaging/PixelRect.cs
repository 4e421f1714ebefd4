namespace FacePortal.Engine.Imaging;

/// <summary>An integer rectangle in image pixels (x = column, y = row).</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height);

using FacePortal.Engine.Imaging;

namespace FacePortal.Engine.Detection;

/// <summary>
/// One run of the Tiny Face Detector over part of an image: <paramref name="Region"/> (inside the image) padded
/// bottom/right to a square and resized to <paramref name="InputSize"/>. A tile is one of several overlapping regions.
/// </summary>
public readonly record struct DetectorPass(PixelRect Region, int InputSize, bool IsTile);

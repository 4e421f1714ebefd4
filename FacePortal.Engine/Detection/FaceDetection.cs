namespace FacePortal.Engine.Detection;

/// <summary>One detected face: its box in original-image pixels and the detector's score (0..1).</summary>
public readonly record struct FaceDetection(FaceBox Box, double Score)
{
    public double X => Box.X;
    public double Y => Box.Y;
    public double Width => Box.Width;
    public double Height => Box.Height;
}

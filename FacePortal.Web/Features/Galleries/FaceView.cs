namespace FacePortal.Web.Features.Galleries;

/// <summary>A detected face: box, score, 68 landmarks (x,y interleaved, may be empty) and quality.</summary>
public sealed record FaceView(int Index, double X, double Y, double Width, double Height, double Score, float[] Landmarks,
    double Sharpness, double Yaw, bool HasDescriptor)
{
    public double Size => Math.Sqrt(Math.Max(0, Width * Height));
}

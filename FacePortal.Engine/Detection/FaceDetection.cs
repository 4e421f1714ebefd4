namespace FacePortal.Engine.Detection;

/// <summary>A detected face: box in original-image pixels (x = column, y = row) and the detector's score.</summary>
public readonly record struct FaceDetection(double X, double Y, double Width, double Height, double Score);

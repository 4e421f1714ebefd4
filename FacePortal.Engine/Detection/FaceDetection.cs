namespace FacePortal.Engine.Detection;

/// <summary>One detected face: its box in original-image pixels and the detector's score (0..1).</summary>
public readonly record struct FaceDetection(FaceBox Box, double Score);

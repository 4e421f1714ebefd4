using System.Numerics;
using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;

namespace FacePortal.Engine.Embedding;

/// <summary>
/// A face found earlier (an import, a stored gallery face): its image, detection box and, when they were measured,
/// its 68 landmarks in image pixels. Describing it never runs the detector again.
/// </summary>
public sealed record KnownFace(RgbImage Image, FaceBox Box, Vector2[]? Landmarks);

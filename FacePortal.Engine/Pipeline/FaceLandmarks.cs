using System.Numerics;
using FacePortal.Engine.Imaging;

namespace FacePortal.Engine.Pipeline;

/// <summary>A face's 68 landmarks in image pixels and face-api's descriptor crop derived from them.</summary>
public sealed record FaceLandmarks(Vector2[] Points, PixelRect? FaceApiCrop);

namespace FacePortal.Engine.Models.Tfjs;

/// <summary>One weight tensor from a TensorFlow.js manifest, dequantised to float32, row-major in its TF shape.</summary>
public sealed record TfjsTensor(string Name, int[] Shape, float[] Data);

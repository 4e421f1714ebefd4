namespace FacePortal.Engine.Runtime;

/// <summary>Which ONNX Runtime execution provider to ask for.</summary>
public enum ExecutionProviderPreference
{
    /// <summary>CUDA when this is the GPU build and a GPU answers, else CPU.</summary>
    Auto,
    Cpu,
    Cuda,
}

namespace FacePortal.Engine.Runtime;

public sealed record OnnxRuntimeOptions
{
    public ExecutionProviderPreference ExecutionProvider { get; init; } = ExecutionProviderPreference.Auto;

    /// <summary>Threads inside one operator; 0 = one per core.</summary>
    public int IntraOpThreads { get; init; }

    public int CudaDeviceId { get; init; }

    /// <summary>
    /// Whether ONNX Runtime's idle intra-op threads spin waiting for work (its own default). Off here: they sleep,
    /// leaving the cores to the work beside inference (an import's file store, row writes and chips). Measured on
    /// 1,000 LFW images on 2 cores: import 56.5 -> 67.8 images/s, evaluate 75.2 -> 80.1 (docs/BENCHMARKS.md).
    /// </summary>
    public bool AllowSpinning { get; init; }
}

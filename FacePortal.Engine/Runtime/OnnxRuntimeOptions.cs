namespace FacePortal.Engine.Runtime;

public sealed record OnnxRuntimeOptions
{
    public ExecutionProviderPreference ExecutionProvider { get; init; } = ExecutionProviderPreference.Auto;

    /// <summary>Threads inside one operator; 0 = one per core.</summary>
    public int IntraOpThreads { get; init; }

    public int CudaDeviceId { get; init; }
}

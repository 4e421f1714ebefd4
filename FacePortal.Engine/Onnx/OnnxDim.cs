namespace FacePortal.Engine.Onnx;

/// <summary>One dimension of a graph input or output: a fixed size or a named symbolic one (the batch).</summary>
public readonly record struct OnnxDim(long Value, string? Symbol)
{
    public static OnnxDim Batch { get; } = new(0, "batch");

    public static implicit operator OnnxDim(long value) => new(value, null);
}

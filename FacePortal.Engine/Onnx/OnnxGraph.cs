namespace FacePortal.Engine.Onnx;

/// <summary>
/// An ONNX model's main graph as read back from its bytes (<see cref="OnnxGraphReader"/>): nodes in file order (ONNX
/// requires a topological order), initializers and the names of the graph's inputs and outputs.
/// </summary>
public sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxGraph.Node> Nodes,
    IReadOnlyDictionary<string, OnnxGraph.Tensor> Initializers,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs)
{
    /// <summary>One node: its op type (default domain), input and output names (an empty name is an omitted optional input).</summary>
    public sealed record Node(string Op, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, Attribute> Attributes)
    {
        public long Int(string name, long fallback) => Attributes.TryGetValue(name, out var a) && a.Int is { } v ? v : fallback;

        public float Float(string name, float fallback) => Attributes.TryGetValue(name, out var a) && a.Float is { } v ? v : fallback;

        public string? String(string name) => Attributes.TryGetValue(name, out var a) ? a.String : null;

        public long[]? Ints(string name) => Attributes.TryGetValue(name, out var a) ? a.Ints : null;
    }

    /// <summary>An attribute value: the one field its kind sets.</summary>
    public sealed record Attribute(long? Int, float? Float, string? String, long[]? Ints, float[]? Floats);

    /// <summary>A constant tensor: float (ONNX type 1) values in <see cref="Floats"/>, int64 (type 7) in <see cref="Longs"/>.</summary>
    public sealed record Tensor(string Name, int DataType, long[] Dims, float[]? Floats, long[]? Longs);
}

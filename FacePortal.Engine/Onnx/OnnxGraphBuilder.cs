using System.Runtime.InteropServices;

namespace FacePortal.Engine.Onnx;

/// <summary>
/// Builds an ONNX model (float tensors, default domain) and serialises it as ModelProto bytes.
/// Enough for the converters of the face-api networks; no dependency on a protobuf library.
/// </summary>
public sealed class OnnxGraphBuilder
{
    private const int FloatType = 1;
    private const int Int64Type = 7;

    private readonly string _graphName;
    private readonly List<(string Name, OnnxDim[] Dims)> _inputs = [];
    private readonly List<(string Name, OnnxDim[] Dims)> _outputs = [];
    private readonly List<(string Name, int Type, long[] Dims, byte[] Raw)> _initializers = [];
    private readonly List<(string Op, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes)> _nodes = [];
    private readonly HashSet<string> _names = [];
    private int _counter;

    public OnnxGraphBuilder(string graphName) => _graphName = graphName;

    public int NodeCount => _nodes.Count;

    public string Input(string name, params OnnxDim[] dims)
    {
        Claim(name);
        _inputs.Add((name, dims));
        return name;
    }

    public void Output(string name, params OnnxDim[] dims) => _outputs.Add((name, dims));

    public string Initializer(string name, float[] data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        Claim(name);
        _initializers.Add((name, FloatType, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray()));
        return name;
    }

    public string InitializerInt64(string name, long[] data, params long[] dims)
    {
        CheckCount(name, data.Length, dims);
        Claim(name);
        _initializers.Add((name, Int64Type, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray()));
        return name;
    }

    /// <summary>Adds a node with one output; returns the output's name (generated when not given).</summary>
    public string Node(string opType, string[] inputs, string? output = null, params OnnxAttribute[] attributes)
    {
        output ??= Unique(opType);
        Claim(output);
        _nodes.Add((opType, inputs, [output], attributes));
        return output;
    }

    public byte[] ToModelBytes(int opset = 17, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var model = new ProtoWriter();
        model.WriteInt64(1, 8); // ir_version 8 (ONNX 1.10+)
        model.WriteString(2, "FacePortal.Engine");
        model.WriteString(3, "1");
        model.WriteMessage(7, WriteGraph);
        model.WriteMessage(8, op =>
        {
            op.WriteString(1, "");
            op.WriteInt64(2, opset);
        });
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            model.WriteMessage(14, kv =>
            {
                kv.WriteString(1, key);
                kv.WriteString(2, value);
            });
        }
        return model.ToArray();
    }

    // GraphProto: node=1 name=2 initializer=5 input=11 output=12.
    private void WriteGraph(ProtoWriter g)
    {
        foreach (var (op, inputs, outputs, attributes) in _nodes)
        {
            g.WriteMessage(1, n =>
            {
                foreach (var i in inputs)
                {
                    n.WriteString(1, i);
                }
                foreach (var o in outputs)
                {
                    n.WriteString(2, o);
                }
                n.WriteString(3, outputs[0]);
                n.WriteString(4, op);
                foreach (var a in attributes)
                {
                    n.WriteMessage(5, a.WriteTo);
                }
            });
        }
        g.WriteString(2, _graphName);
        foreach (var (name, type, dims, raw) in _initializers)
        {
            // TensorProto: dims=1 data_type=2 name=8 raw_data=9.
            g.WriteMessage(5, t =>
            {
                t.WritePackedInt64(1, dims);
                t.WriteInt64(2, type);
                t.WriteString(8, name);
                t.WriteBytes(9, raw);
            });
        }
        foreach (var (name, dims) in _inputs)
        {
            g.WriteMessage(11, v => WriteValueInfo(v, name, dims));
        }
        foreach (var (name, dims) in _outputs)
        {
            g.WriteMessage(12, v => WriteValueInfo(v, name, dims));
        }
    }

    // ValueInfoProto name=1 type=2; TypeProto tensor_type=1; Tensor elem_type=1 shape=2; Dimension dim_value=1 dim_param=2.
    private static void WriteValueInfo(ProtoWriter v, string name, OnnxDim[] dims)
    {
        v.WriteString(1, name);
        v.WriteMessage(2, type => type.WriteMessage(1, tensor =>
        {
            tensor.WriteInt64(1, FloatType);
            tensor.WriteMessage(2, shape =>
            {
                foreach (var d in dims)
                {
                    shape.WriteMessage(1, dim =>
                    {
                        if (d.Symbol is { } s)
                        {
                            dim.WriteString(2, s);
                        }
                        else
                        {
                            dim.WriteInt64(1, d.Value);
                        }
                    });
                }
            });
        }));
    }

    private string Unique(string prefix)
    {
        string name;
        do
        {
            name = $"{prefix}_{_counter++}";
        }
        while (_names.Contains(name));
        return name;
    }

    private void Claim(string name)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"ONNX graph '{_graphName}': the name '{name}' is used twice.");
        }
    }

    private static void CheckCount(string name, int count, long[] dims)
    {
        long expected = 1;
        foreach (var d in dims)
        {
            expected *= d;
        }
        if (expected != count)
        {
            throw new ArgumentException($"Initializer '{name}': {count} values do not fill shape [{string.Join(",", dims)}].");
        }
    }
}

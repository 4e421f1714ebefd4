using FacePortal.Engine.Onnx;
using FacePortal.Engine.Recognition;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace FacePortal.Engine.Robustness;

/// <summary>
/// An ONNX embedding model evaluated op by op with TorchSharp tensors, so that attacks get input gradients through any
/// graph our writer made (the catalogue models imported from TF.js, face-api, an adapted model with its head). Every op
/// is checked when the net is built: an op it does not know is refused then, by name, never halfway through an attack.
/// The model's preprocessing (channel order, mean, std, layout) runs in Torch in front of the graph.
/// </summary>
public sealed class OnnxTorchNet : IRecognitionTorchNet, IDisposable
{
    /// <summary>The ops the interpreter evaluates (default domain, the attributes our converters write and the usual defaults).</summary>
    public static IReadOnlySet<string> SupportedOps { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Identity", "Transpose", "Add", "Sub", "Mul", "Div", "Max", "Min", "Relu", "Sigmoid", "Tanh", "Abs", "Sqrt", "Exp",
        "Neg", "Reciprocal", "Clip", "PRelu", "Conv", "MaxPool", "AveragePool", "GlobalAveragePool", "Pad", "ReduceMean",
        "ReduceSum", "ReduceMax", "MatMul", "Gemm", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Softmax",
        "BatchNormalization", "Concat", "LpNormalization",
    };

    private readonly OnnxGraph _graph;
    private readonly Dictionary<string, Tensor> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _longs = new(StringComparer.Ordinal);
    private readonly Tensor _mean;
    private readonly Tensor _std;
    private readonly bool _bgr;
    private readonly bool _nchw;

    /// <exception cref="NotSupportedException">The graph uses an op, attribute value or dynamic shape the interpreter does not evaluate; the message names it.</exception>
    public OnnxTorchNet(OnnxGraph graph, EmbeddingModelOptions model, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(model);
        if (model.Width != model.Height)
        {
            throw new NotSupportedException($"{model.Name}: the input is {model.Width}x{model.Height}; attacks need a square chip.");
        }
        if (graph.Inputs.Count != 1 || graph.Outputs.Count < 1)
        {
            throw new NotSupportedException($"{model.Name}: the graph has {graph.Inputs.Count} inputs and {graph.Outputs.Count} outputs; one image input is needed.");
        }
        var unsupported = graph.Nodes.FirstOrDefault(n => !SupportedOps.Contains(n.Op));
        if (unsupported is not null)
        {
            throw new NotSupportedException($"{model.Name}: node '{unsupported.Name}' uses the ONNX op '{unsupported.Op}', which the Torch interpreter does not evaluate (it knows {string.Join(", ", SupportedOps.Order(StringComparer.Ordinal))}).");
        }
        _graph = graph;
        Name = model.Name;
        InputSize = model.Width;
        DescriptorLength = model.EmbeddingSize;
        Metric = model.Metric;
        DType = dtype;
        _bgr = model.ChannelOrder == "BGR";
        _nchw = model.Layout == TensorLayout.Nchw;
        _mean = Constant(model.MeanOrDefault, [3]);
        _std = Constant(model.StdOrDefault, [3]);
        foreach (var t in graph.Initializers.Values)
        {
            if (t.Floats is { } f)
            {
                _constants[t.Name] = Constant(f, t.Dims);
            }
            else if (t.Longs is { } l)
            {
                _longs[t.Name] = l;
            }
        }
        foreach (var node in graph.Nodes)
        {
            CheckAttributes(node);
        }
    }

    /// <summary>The net of an embedding model's ONNX file (<see cref="EmbeddingModelOptions.Path"/>).</summary>
    public static OnnxTorchNet Load(EmbeddingModelOptions model, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(model);
        var path = model.Path ?? throw new ArgumentException($"{model.Name}: no ONNX path", nameof(model));
        return new OnnxTorchNet(OnnxGraphReader.Read(File.ReadAllBytes(path)), model, dtype);
    }

    public string Name { get; }

    public int InputSize { get; }

    public int DescriptorLength { get; }

    public DistanceMetric Metric { get; }

    public ScalarType DType { get; }

    public Tensor Input(float[] nhwc, int batch = 1)
    {
        ArgumentNullException.ThrowIfNull(nhwc);
        using var t = torch.tensor(nhwc, [batch, InputSize, InputSize, 3]);
        return t.to_type(DType);
    }

    public Tensor Forward(Tensor nhwc)
    {
        ArgumentNullException.ThrowIfNull(nhwc);
        using var scope = NewDisposeScope();
        var x = _bgr ? nhwc.flip(3) : nhwc;
        x = (x - _mean) / _std;
        if (_nchw)
        {
            x = x.permute(0, 3, 1, 2);
        }
        var values = new Dictionary<string, Tensor>(_constants, StringComparer.Ordinal) { [_graph.Inputs[0]] = x };
        foreach (var node in _graph.Nodes)
        {
            values[node.Outputs[0]] = Evaluate(node, values);
        }
        return values[_graph.Outputs[0]].MoveToOuterDisposeScope();
    }

    private Tensor Evaluate(OnnxGraph.Node n, Dictionary<string, Tensor> v)
    {
        Tensor In(int i) => v.TryGetValue(n.Inputs[i], out var t)
            ? t
            : throw new NotSupportedException($"{Name}: node '{n.Name}' reads '{n.Inputs[i]}', which is neither computed before it nor a float constant.");
        bool Has(int i) => n.Inputs.Count > i && n.Inputs[i].Length > 0;
        switch (n.Op)
        {
            case "Identity":
                return In(0).alias();
            case "Transpose":
                return In(0).permute(n.Ints("perm") ?? [.. Enumerable.Range(0, (int)In(0).dim()).Reverse().Select(i => (long)i)]);
            case "Add":
                return In(0) + In(1);
            case "Sub":
                return In(0) - In(1);
            case "Mul":
                return In(0) * In(1);
            case "Div":
                return In(0) / In(1);
            case "Max":
                return n.Inputs.Skip(1).Select((_, i) => In(i + 1)).Aggregate(In(0), torch.maximum);
            case "Min":
                return n.Inputs.Skip(1).Select((_, i) => In(i + 1)).Aggregate(In(0), torch.minimum);
            case "Relu":
                return In(0).relu();
            case "Sigmoid":
                return In(0).sigmoid();
            case "Tanh":
                return In(0).tanh();
            case "Abs":
                return In(0).abs();
            case "Sqrt":
                return In(0).sqrt();
            case "Exp":
                return In(0).exp();
            case "Neg":
                return -In(0);
            case "Reciprocal":
                return In(0).reciprocal();
            case "Clip":
            {
                var x = In(0);
                if (Has(1))
                {
                    x = torch.maximum(x, In(1));
                }
                if (Has(2))
                {
                    x = torch.minimum(x, In(2));
                }
                return x;
            }
            case "PRelu":
                return torch.where(In(0) >= 0, In(0), In(0) * In(1));
            case "Conv":
                return Conv(n, In(0), In(1), Has(2) ? In(2) : null);
            case "MaxPool" or "AveragePool":
                return Pool(n, In(0));
            case "GlobalAveragePool":
                return In(0).mean([2, 3], keepdim: true);
            case "Pad":
                return Pad(n, In(0), Has(2) ? In(2).ToDouble() : 0);
            case "ReduceMean" or "ReduceSum" or "ReduceMax":
            {
                var x = In(0);
                var axes = Axes(n, x);
                var keep = n.Int("keepdims", 1) == 1;
                return n.Op switch
                {
                    "ReduceMean" => x.mean(axes, keep),
                    "ReduceSum" => x.sum(axes, keep),
                    _ => x.amax(axes, keep),
                };
            }
            case "MatMul":
                return In(0).matmul(In(1));
            case "Gemm":
            {
                var a = n.Int("transA", 0) == 1 ? In(0).t() : In(0);
                var b = n.Int("transB", 0) == 1 ? In(1).t() : In(1);
                var y = a.matmul(b) * n.Float("alpha", 1f);
                return Has(2) ? y + In(2) * n.Float("beta", 1f) : y;
            }
            case "Reshape":
            {
                var x = In(0);
                var shape = (long[])Longs(n, 1).Clone();
                for (var i = 0; i < shape.Length; i++)
                {
                    if (shape[i] == 0 && n.Int("allowzero", 0) == 0)
                    {
                        shape[i] = x.shape[i];
                    }
                }
                return x.reshape(shape);
            }
            case "Flatten":
            {
                var x = In(0);
                var axis = (int)n.Int("axis", 1);
                axis = axis < 0 ? axis + (int)x.dim() : axis;
                var outer = x.shape.Take(axis).Aggregate(1L, (p, d) => p * d);
                return x.reshape(outer, -1);
            }
            case "Squeeze":
            {
                var x = In(0);
                var axes = Has(1) ? Longs(n, 1) : n.Ints("axes") ?? [.. Enumerable.Range(0, (int)x.dim()).Where(i => x.shape[i] == 1).Select(i => (long)i)];
                foreach (var axis in axes.Select(a => a < 0 ? a + x.dim() : a).OrderDescending())
                {
                    x = x.squeeze(axis);
                }
                return x;
            }
            case "Unsqueeze":
            {
                var x = In(0);
                var axes = Has(1) ? Longs(n, 1) : n.Ints("axes") ?? [];
                var rank = x.dim() + axes.Length;
                foreach (var axis in axes.Select(a => a < 0 ? a + rank : a).Order())
                {
                    x = x.unsqueeze(axis);
                }
                return x;
            }
            case "Softmax":
                return In(0).softmax(n.Int("axis", -1));
            case "BatchNormalization":
            {
                var x = In(0);
                var shape = new long[x.dim()];
                Array.Fill(shape, 1L);
                shape[1] = -1;
                var eps = n.Float("epsilon", 1e-5f);
                return ((x - In(3).reshape(shape)) / (In(4).reshape(shape) + eps).sqrt() * In(1).reshape(shape)) + In(2).reshape(shape);
            }
            case "Concat":
                return torch.cat([.. n.Inputs.Select((_, i) => In(i))], n.Int("axis", 0));
            case "LpNormalization":
            {
                var x = In(0);
                var axis = n.Int("axis", -1);
                return x / x.pow(2).sum(axis, keepdim: true).clamp_min(1e-24).sqrt();
            }
            default:
                throw new NotSupportedException($"{Name}: node '{n.Name}' uses the ONNX op '{n.Op}', which the Torch interpreter does not evaluate.");
        }
    }

    private static Tensor Conv(OnnxGraph.Node n, Tensor x, Tensor w, Tensor? bias)
    {
        var kernel = n.Ints("kernel_shape") ?? [w.shape[2], w.shape[3]];
        var strides = n.Ints("strides") ?? [1, 1];
        var dilations = n.Ints("dilations") ?? [1, 1];
        var pads = Pads(n, x, kernel, strides, dilations);
        if (pads[0] != pads[2] || pads[1] != pads[3])
        {
            x = F.pad(x, [pads[1], pads[3], pads[0], pads[2]]);
            pads = [0, 0, 0, 0];
        }
        return F.conv2d(x, w, bias, strides: strides, padding: [pads[0], pads[1]], dilation: dilations, groups: n.Int("group", 1));
    }

    private static Tensor Pool(OnnxGraph.Node n, Tensor x)
    {
        var kernel = n.Ints("kernel_shape")!;
        var strides = n.Ints("strides") ?? [1, 1];
        var pads = Pads(n, x, kernel, strides, [1, 1]);
        var ceil = n.Int("ceil_mode", 0) == 1;
        if (n.Op == "MaxPool")
        {
            if (pads[0] != pads[2] || pads[1] != pads[3])
            {
                x = F.pad(x, [pads[1], pads[3], pads[0], pads[2]], value: double.NegativeInfinity);
                pads = [0, 0, 0, 0];
            }
            return F.max_pool2d(x, kernel, strides, [pads[0], pads[1]], ceil_mode: ceil);
        }
        // Checked at build time: average pooling pads symmetrically.
        return F.avg_pool2d(x, kernel, strides, [pads[0], pads[1]], ceil_mode: ceil, count_include_pad: n.Int("count_include_pad", 0) == 1);
    }

    // [top, left, bottom, right]: explicit pads, or SAME_UPPER/SAME_LOWER from the input size (the odd pixel after, or before).
    private static long[] Pads(OnnxGraph.Node n, Tensor x, long[] kernel, long[] strides, long[] dilations)
    {
        var autoPad = n.String("auto_pad") ?? "NOTSET";
        if (autoPad is "NOTSET")
        {
            var p = n.Ints("pads") ?? [0, 0, 0, 0];
            return [p[0], p[1], p[2], p[3]];
        }
        if (autoPad is "VALID")
        {
            return [0, 0, 0, 0];
        }
        var result = new long[4];
        for (var d = 0; d < 2; d++)
        {
            var size = x.shape[2 + d];
            var output = (size + strides[d] - 1) / strides[d];
            var total = Math.Max(0, ((output - 1) * strides[d]) + ((kernel[d] - 1) * dilations[d]) + 1 - size);
            var small = total / 2;
            (result[d], result[d + 2]) = autoPad == "SAME_UPPER" ? (small, total - small) : (total - small, small);
        }
        return result;
    }

    // ONNX pads [x1_begin, x2_begin, ..., x1_end, x2_end, ...]; torch's pad lists the last axis first.
    private Tensor Pad(OnnxGraph.Node n, Tensor x, double value)
    {
        var pads = n.Inputs.Count > 1 ? Longs(n, 1) : n.Ints("pads") ?? [];
        var rank = (int)x.dim();
        var torchPads = new long[2 * rank];
        for (var axis = 0; axis < rank; axis++)
        {
            var k = rank - 1 - axis;
            torchPads[2 * k] = pads[axis];
            torchPads[(2 * k) + 1] = pads[rank + axis];
        }
        return F.pad(x, torchPads, value: value);
    }

    private long[] Axes(OnnxGraph.Node n, Tensor x)
    {
        var axes = n.Inputs.Count > 1 && n.Inputs[1].Length > 0 ? Longs(n, 1) : n.Ints("axes") ?? [.. Enumerable.Range(0, (int)x.dim()).Select(i => (long)i)];
        return [.. axes.Select(a => a < 0 ? a + x.dim() : a)];
    }

    private long[] Longs(OnnxGraph.Node n, int input) => _longs.TryGetValue(n.Inputs[input], out var l)
        ? l
        : throw new NotSupportedException($"{Name}: node '{n.Name}' ({n.Op}) takes '{n.Inputs[input]}' as a computed shape; only int64 constants are evaluated.");

    private void CheckAttributes(OnnxGraph.Node n)
    {
        var problem = n.Op switch
        {
            "Conv" when n.Ints("kernel_shape") is { Length: not 2 } => "a convolution that is not 2-D",
            "MaxPool" or "AveragePool" when n.Ints("kernel_shape") is not { Length: 2 } => "a pooling without a 2-D kernel_shape",
            "AveragePool" when n.Ints("pads") is { } p && (p[0] != p[2] || p[1] != p[3]) => "an average pooling padded unevenly",
            "Pad" when (n.String("mode") ?? "constant") != "constant" => $"padding mode '{n.String("mode")}'",
            "Reshape" or "Pad" when n.Inputs.Count > 1 && !_longs.ContainsKey(n.Inputs[1]) => $"a computed shape '{n.Inputs[1]}'",
            _ => null,
        };
        if (problem is not null)
        {
            throw new NotSupportedException($"{Name}: node '{n.Name}' ({n.Op}) uses {problem}, which the Torch interpreter does not evaluate.");
        }
    }

    private Tensor Constant(float[] data, long[] dims)
    {
        using var t = dims.Length == 0 ? torch.tensor(data[0]) : torch.tensor(data, dims);
        return t.to_type(DType).DetachFromDisposeScope();
    }

    public void Dispose()
    {
        foreach (var t in _constants.Values)
        {
            t.Dispose();
        }
        _mean.Dispose();
        _std.Dispose();
    }
}

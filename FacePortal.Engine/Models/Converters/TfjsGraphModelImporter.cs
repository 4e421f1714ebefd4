using System.Text;
using System.Text.Json;
using FacePortal.Engine.Models.Tfjs;
using FacePortal.Engine.Onnx;

namespace FacePortal.Engine.Models.Converters;

/// <summary>
/// Imports a TensorFlow.js graph model (model.json: a frozen TF GraphDef as JSON, weights in its inline manifest) onto
/// <see cref="OnnxGraphBuilder"/>: one NHWC float input named "input", the requested node as the only output. Only the
/// nodes the output depends on are converted (age and gender heads beside an embedding are left out). Image tensors run
/// in NCHW inside (ONNX Conv's layout); a tensor goes back to TF's NHWC only before an op whose meaning depends on the
/// axis order (Reshape, a reduction that keeps H or W) and at the output.
/// </summary>
public sealed class TfjsGraphModelImporter
{
    public const string InputName = "input";

    // NHWC axis -> NCHW axis.
    private static readonly int[] NchwAxis = [0, 2, 3, 1];

    private readonly string _model;
    private readonly Dictionary<string, JsonElement> _nodes;
    private readonly TfjsWeights _weights;
    private readonly OnnxGraphBuilder _builder;
    private readonly Dictionary<string, Value> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);

    private TfjsGraphModelImporter(string model, Dictionary<string, JsonElement> nodes, TfjsWeights weights)
    {
        _model = model;
        _nodes = nodes;
        _weights = weights;
        _builder = new OnnxGraphBuilder(model);
    }

    /// <summary>A converted tensor: its ONNX name and whether it is a 4-D image tensor held in NCHW.</summary>
    private readonly record struct Value(string Name, bool Nchw);

    /// <summary>
    /// Converts the graph model at <paramref name="modelJsonPath"/> (its weight shards beside it) into ONNX bytes whose
    /// output is node <paramref name="outputNode"/> (a trailing ":0" is ignored), declared with <paramref name="outputDims"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The graph uses an op or attribute the importer does not know; the message names it.</exception>
    public static byte[] Convert(string modelJsonPath, string outputNode, params OnnxDim[] outputDims)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(modelJsonPath));
        var root = doc.RootElement;
        var name = Path.GetFileNameWithoutExtension(modelJsonPath);
        if (!root.TryGetProperty("format", out var format) || format.GetString() != "graph-model")
        {
            throw new InvalidDataException($"{modelJsonPath} is not a TF.js graph model (format '{(format.ValueKind == JsonValueKind.String ? format.GetString() : "")}').");
        }
        var nodes = root.GetProperty("modelTopology").GetProperty("node").EnumerateArray()
            .ToDictionary(n => n.GetProperty("name").GetString()!, n => n.Clone(), StringComparer.Ordinal);
        var weights = TfjsWeights.Load(root.GetProperty("weightsManifest"), modelJsonPath);
        var importer = new TfjsGraphModelImporter(name, nodes, weights);
        var output = outputNode.EndsWith(":0", StringComparison.Ordinal) ? outputNode[..^2] : outputNode;
        if (!nodes.ContainsKey(output))
        {
            throw new InvalidDataException($"{modelJsonPath} has no node '{output}'.");
        }
        var result = importer.ToTf(importer.ConvertUpTo(output));
        importer._builder.Node("Identity", [result.Name], "output");
        importer._builder.Output("output", outputDims);
        return importer._builder.ToModelBytes(metadata: new Dictionary<string, string> { ["source"] = $"TF.js graph model {name}, node {output}" });
    }

    // Iterative post-order over the inputs, so that a deep graph cannot overflow the stack.
    private Value ConvertUpTo(string output)
    {
        var stack = new Stack<(string Name, bool Expanded)>();
        stack.Push((output, false));
        while (stack.Count > 0)
        {
            var (name, expanded) = stack.Pop();
            if (_values.ContainsKey(name))
            {
                continue;
            }
            var node = Node(name);
            var op = node.GetProperty("op").GetString()!;
            if (op == "Const")
            {
                continue; // turned into initializers by the consumer, which knows the layout they need
            }
            if (!expanded)
            {
                stack.Push((name, true));
                foreach (var input in Inputs(node).Where(i => !_values.ContainsKey(i)))
                {
                    stack.Push((input, false));
                }
                continue;
            }
            _values[name] = ConvertNode(name, op, node);
        }
        return _values[output];
    }

    private Value ConvertNode(string name, string op, JsonElement node)
    {
        var inputs = Inputs(node);
        switch (op)
        {
            case "Placeholder":
                return PlaceholderInput(node);
            case "Identity":
                return Get(inputs[0]);
            case "Conv2D" or "_FusedConv2D":
                return Conv(name, node, inputs, depthwise: false);
            case "DepthwiseConv2dNative" or "FusedDepthwiseConv2dNative":
                return Conv(name, node, inputs, depthwise: true);
            case "Relu" or "Sigmoid" or "Tanh" or "Abs" or "Sqrt" or "Exp" or "Neg":
                return Unary(name, op, Get(inputs[0]));
            case "Relu6":
                return Relu6(name, Get(inputs[0]));
            case "Rsqrt":
            {
                var x = Get(inputs[0]);
                return new Value(_builder.Node("Reciprocal", [_builder.Node("Sqrt", [x.Name])], name), x.Nchw);
            }
            case "Square":
            {
                var x = Get(inputs[0]);
                return new Value(_builder.Node("Mul", [x.Name, x.Name], name), x.Nchw);
            }
            case "Add" or "AddV2" or "BiasAdd":
                return Binary(name, "Add", inputs);
            case "Sub":
                return Binary(name, "Sub", inputs);
            case "Mul":
                return Binary(name, "Mul", inputs);
            case "RealDiv":
                return Binary(name, "Div", inputs);
            case "Maximum":
                return Binary(name, "Max", inputs);
            case "Minimum":
                return Binary(name, "Min", inputs);
            case "Pad":
                return Pad(name, inputs);
            case "Squeeze":
                return Squeeze(name, node, Get(inputs[0]));
            case "Reshape":
                return new Value(_builder.Node("Reshape", [ToTf(Get(inputs[0])).Name, Int64Constant(inputs[1])], name), false);
            case "Mean" or "Sum" or "Max":
                return Reduce(name, op, node, inputs);
            case "MatMul" or "_FusedMatMul":
                return MatMul(name, node, inputs);
            case "Softmax":
                return new Value(_builder.Node("Softmax", [ToTf(Get(inputs[0])).Name], name, OnnxAttribute.Int("axis", -1)), false);
            default:
                throw new NotSupportedException($"{_model}: node '{name}' uses the TF op '{op}', which the TF.js graph importer does not convert.");
        }
    }

    private Value PlaceholderInput(JsonElement node)
    {
        var dims = node.GetProperty("attr").GetProperty("shape").GetProperty("shape").GetProperty("dim").EnumerateArray()
            .Select(d => long.Parse(d.GetProperty("size").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (dims.Length != 4 || dims[3] != 3 || dims[1] <= 0 || dims[2] <= 0)
        {
            throw new NotSupportedException($"{_model}: input shape [{string.Join(",", dims)}] is not an NHWC image batch [N,H,W,3].");
        }
        var input = _builder.Input(InputName, OnnxDim.Batch, dims[1], dims[2], 3);
        return new Value(_builder.Node("Transpose", [input], "input_nchw", OnnxAttribute.Ints("perm", 0, 3, 1, 2)), true);
    }

    private Value Conv(string name, JsonElement node, string[] inputs, bool depthwise)
    {
        var x = ToNchw(Get(inputs[0]));
        var filter = ConstTensor(inputs[1]);
        if (filter.Shape.Length != 4)
        {
            throw new NotSupportedException($"{_model}: '{name}' has a {filter.Shape.Length}-D filter.");
        }
        if (StringAttr(node, "data_format") is { } df && df != "NHWC")
        {
            throw new NotSupportedException($"{_model}: '{name}' uses data_format {df}.");
        }
        var (kh, kw, cin, cout) = (filter.Shape[0], filter.Shape[1], filter.Shape[2], filter.Shape[3]);
        string weight;
        int group;
        if (depthwise)
        {
            // TF [kh,kw,cin,multiplier] -> ONNX [cin*multiplier,1,kh,kw]; TF's output channel c*multiplier+m is ONNX's too.
            var dst = new float[filter.Data.Length];
            for (var y = 0; y < kh; y++)
            {
                for (var xx = 0; xx < kw; xx++)
                {
                    for (var c = 0; c < cin; c++)
                    {
                        for (var m = 0; m < cout; m++)
                        {
                            dst[((c * cout + m) * kh + y) * kw + xx] = filter.Data[((y * kw + xx) * cin + c) * cout + m];
                        }
                    }
                }
            }
            weight = _builder.Initializer(Unique(inputs[1] + "_oihw"), dst, cin * cout, 1, kh, kw);
            group = cin;
        }
        else
        {
            var dst = new float[filter.Data.Length];
            for (var y = 0; y < kh; y++)
            {
                for (var xx = 0; xx < kw; xx++)
                {
                    for (var i = 0; i < cin; i++)
                    {
                        for (var o = 0; o < cout; o++)
                        {
                            dst[((o * cin + i) * kh + y) * kw + xx] = filter.Data[((y * kw + xx) * cin + i) * cout + o];
                        }
                    }
                }
            }
            weight = _builder.Initializer(Unique(inputs[1] + "_oihw"), dst, cout, cin, kh, kw);
            group = 1;
        }

        var strides = IntsAttr(node, "strides") ?? [1, 1, 1, 1];
        var dilations = IntsAttr(node, "dilations") ?? [1, 1, 1, 1];
        var padding = StringAttr(node, "padding") ?? "VALID";
        var fused = FusedOps(node);
        string[] convInputs = [x.Name, weight];
        if (fused.FirstOrDefault() == "BiasAdd")
        {
            var bias = ConstTensor(inputs[2]);
            convInputs = [x.Name, weight, _builder.Initializer(Unique(inputs[2]), bias.Data, bias.Data.Length)];
            fused = fused[1..];
        }
        var attributes = new List<OnnxAttribute>
        {
            OnnxAttribute.Ints("kernel_shape", kh, kw),
            OnnxAttribute.Ints("strides", strides[1], strides[2]),
            OnnxAttribute.Ints("dilations", dilations[1], dilations[2]),
            OnnxAttribute.Int("group", group),
        };
        attributes.Add(padding switch
        {
            // TF's SAME puts the odd pixel at the bottom/right, as ONNX's SAME_UPPER does.
            "SAME" => OnnxAttribute.String("auto_pad", "SAME_UPPER"),
            "VALID" => OnnxAttribute.String("auto_pad", "VALID"),
            _ => throw new NotSupportedException($"{_model}: '{name}' uses padding {padding}."),
        });
        var output = _builder.Node("Conv", convInputs, fused.Length == 0 ? name : null, [.. attributes]);
        return Activations(name, new Value(output, true), fused);
    }

    private Value MatMul(string name, JsonElement node, string[] inputs)
    {
        var x = ToTf(Get(inputs[0]));
        if (BoolAttr(node, "transpose_a") || BoolAttr(node, "transpose_b"))
        {
            throw new NotSupportedException($"{_model}: '{name}' transposes an operand of MatMul.");
        }
        var weights = ConstTensor(inputs[1]);
        var product = _builder.Node("MatMul", [x.Name, _builder.Initializer(Unique(inputs[1]), weights.Data, [.. weights.Shape.Select(d => (long)d)])]);
        var fused = FusedOps(node);
        var result = new Value(product, false);
        if (fused.FirstOrDefault() == "BiasAdd")
        {
            var bias = ConstTensor(inputs[2]);
            result = new Value(_builder.Node("Add", [product, _builder.Initializer(Unique(inputs[2]), bias.Data, bias.Data.Length)],
                fused.Length == 1 ? name : null), false);
            fused = fused[1..];
        }
        else if (fused.Length == 0)
        {
            result = new Value(_builder.Node("Identity", [product], name), false);
        }
        return Activations(name, result, fused);
    }

    private Value Activations(string name, Value x, string[] fused)
    {
        for (var i = 0; i < fused.Length; i++)
        {
            var last = i == fused.Length - 1;
            x = fused[i] switch
            {
                "Relu" => new Value(_builder.Node("Relu", [x.Name], last ? name : null), x.Nchw),
                "Relu6" => Relu6(last ? name : null, x),
                _ => throw new NotSupportedException($"{_model}: '{name}' fuses '{fused[i]}', which the importer does not convert."),
            };
        }
        return x;
    }

    private Value Relu6(string? name, Value x) =>
        new(_builder.Node("Clip", [x.Name, Scalar(0f), Scalar(6f)], name), x.Nchw);

    private Value Unary(string name, string op, Value x) => new(_builder.Node(op, [x.Name], name), x.Nchw);

    private Value Binary(string name, string onnxOp, string[] inputs)
    {
        var aConst = IsConst(inputs[0]);
        var bConst = IsConst(inputs[1]);
        if (aConst && bConst)
        {
            throw new NotSupportedException($"{_model}: '{name}' combines two constants; the graph was not frozen and folded.");
        }
        Value a, b;
        if (aConst || bConst)
        {
            var x = Get(aConst ? inputs[1] : inputs[0]);
            var c = BroadcastConstant(aConst ? inputs[0] : inputs[1], x.Nchw);
            (a, b) = aConst ? (new Value(c, x.Nchw), x) : (x, new Value(c, x.Nchw));
        }
        else
        {
            (a, b) = (Get(inputs[0]), Get(inputs[1]));
            if (a.Nchw != b.Nchw)
            {
                (a, b) = (ToTf(a), ToTf(b));
            }
        }
        return new Value(_builder.Node(onnxOp, [a.Name, b.Name], name), a.Nchw);
    }

    private Value Pad(string name, string[] inputs)
    {
        var x = Get(inputs[0]);
        var paddings = ConstTensor(inputs[1]);
        var rank = paddings.Shape[0];
        var p = paddings.Data.Select(v => (long)v).ToArray(); // [rank,2]: before, after per TF axis
        var pads = new long[2 * rank];
        for (var tfAxis = 0; tfAxis < rank; tfAxis++)
        {
            var axis = x.Nchw ? NchwAxis[tfAxis] : tfAxis;
            pads[axis] = p[2 * tfAxis];
            pads[rank + axis] = p[2 * tfAxis + 1];
        }
        var padsName = _builder.InitializerInt64(Unique(inputs[1] + "_onnx"), pads, pads.Length);
        return new Value(_builder.Node("Pad", [x.Name, padsName], name, OnnxAttribute.String("mode", "constant")), x.Nchw);
    }

    private Value Squeeze(string name, JsonElement node, Value x)
    {
        var axes = IntsAttr(node, "squeeze_dims") ?? throw new NotSupportedException($"{_model}: '{name}' squeezes without squeeze_dims.");
        if (x.Nchw && axes.Order().SequenceEqual([1L, 2L]))
        {
            // [N,C,1,1] -> [N,C]: the same tensor as TF's [N,1,1,C] -> [N,C].
            return new Value(_builder.Node("Squeeze", [x.Name, _builder.InitializerInt64(Unique(name + "_axes"), [2, 3], 2)], name), false);
        }
        var tf = ToTf(x);
        return new Value(_builder.Node("Squeeze", [tf.Name, _builder.InitializerInt64(Unique(name + "_axes"), axes, axes.Length)], name), false);
    }

    private Value Reduce(string name, string op, JsonElement node, string[] inputs)
    {
        var x = Get(inputs[0]);
        var axes = ConstTensor(inputs[1]).Data.Select(v => (long)v).ToArray();
        var keep = BoolAttr(node, "keep_dims");
        Value source;
        if (x.Nchw && !keep && axes.Order().SequenceEqual([1L, 2L]))
        {
            // Global pooling over H and W: [N,C,H,W] -> [N,C] is TF's [N,H,W,C] -> [N,C].
            source = x;
            axes = [2, 3];
        }
        else
        {
            source = ToTf(x);
        }
        var onnxOp = op switch { "Mean" => "ReduceMean", "Sum" => "ReduceSum", _ => "ReduceMax" };
        var keepAttr = OnnxAttribute.Int("keepdims", keep ? 1 : 0);
        // Opset 17: ReduceSum takes its axes as an input, ReduceMean and ReduceMax as an attribute.
        var output = onnxOp == "ReduceSum"
            ? _builder.Node(onnxOp, [source.Name, _builder.InitializerInt64(Unique(name + "_axes"), axes, axes.Length)], name, keepAttr)
            : _builder.Node(onnxOp, [source.Name], name, OnnxAttribute.Ints("axes", axes), keepAttr);
        return new Value(output, false);
    }

    private Value ToNchw(Value x) => x.Nchw
        ? x
        : throw new NotSupportedException($"{_model}: a convolution reads '{x.Name}', which is not an image tensor from the input.");

    private Value ToTf(Value x) => x.Nchw
        ? new Value(_builder.Node("Transpose", [x.Name], attributes: OnnxAttribute.Ints("perm", 0, 2, 3, 1)), false)
        : x;

    /// <summary>A constant operand of an elementwise op, reshaped so that it broadcasts as in TF against an NCHW tensor.</summary>
    private string BroadcastConstant(string name, bool nchw)
    {
        var key = name + (nchw ? "#nchw" : "#tf");
        if (_constants.TryGetValue(key, out var existing))
        {
            return existing;
        }
        var t = ConstTensor(name);
        string result;
        if (!nchw || t.Shape.Length == 0 || t.Data.Length == 1)
        {
            result = _builder.Initializer(Unique(name), t.Data, nchw ? [] : [.. t.Shape.Select(d => (long)d)]);
        }
        else if (t.Shape.Length == 1 || (t.Shape.Length == 4 && t.Shape[0] == 1 && t.Shape[1] == 1 && t.Shape[2] == 1))
        {
            result = _builder.Initializer(Unique(name), t.Data, 1, t.Data.Length, 1, 1);
        }
        else
        {
            throw new NotSupportedException($"{_model}: constant '{name}' of shape [{string.Join(",", t.Shape)}] meets an image tensor; only scalars and per-channel vectors are converted.");
        }
        _constants[key] = result;
        return result;
    }

    private string Int64Constant(string name)
    {
        var t = ConstTensor(name);
        return _builder.InitializerInt64(Unique(name), [.. t.Data.Select(v => (long)v)], t.Data.Length);
    }

    private string Scalar(float value)
    {
        var key = "#scalar" + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!_constants.TryGetValue(key, out var name))
        {
            name = _builder.Initializer(Unique("scalar"), [value]);
            _constants[key] = name;
        }
        return name;
    }

    private TfjsTensor ConstTensor(string name)
    {
        if (!IsConst(name))
        {
            throw new NotSupportedException($"{_model}: '{name}' is expected to be a constant (weights), but it is computed.");
        }
        return _weights.Contains(name)
            ? _weights[name]
            : throw new InvalidDataException($"{_model}: the weights have no tensor for the constant '{name}'.");
    }

    private bool IsConst(string name) => Node(name).GetProperty("op").GetString() == "Const";

    private Value Get(string name) => _values.TryGetValue(name, out var v)
        ? v
        : throw new InvalidOperationException($"{_model}: '{name}' was used before it was converted.");

    private JsonElement Node(string name) => _nodes.TryGetValue(name, out var n)
        ? n
        : throw new InvalidDataException($"{_model}: the graph refers to a node '{name}' that it does not define.");

    private int _unique;

    private string Unique(string name) => $"{name}__{_unique++}";

    // Inputs as node names: "x:0" is output 0 of x; "^x" is a control dependency, which a frozen inference graph can drop.
    private static string[] Inputs(JsonElement node) => !node.TryGetProperty("input", out var inputs)
        ? []
        : [.. inputs.EnumerateArray().Select(i => i.GetString()!).Where(i => !i.StartsWith('^')).Select(i => i.EndsWith(":0", StringComparison.Ordinal) ? i[..^2] : i)];

    private static JsonElement? Attr(JsonElement node, string name) =>
        node.TryGetProperty("attr", out var attrs) && attrs.TryGetProperty(name, out var a) ? a : null;

    private static string? StringAttr(JsonElement node, string name) =>
        Attr(node, name) is { } a && a.TryGetProperty("s", out var s) ? Encoding.UTF8.GetString(System.Convert.FromBase64String(s.GetString()!)) : null;

    private static bool BoolAttr(JsonElement node, string name) =>
        Attr(node, name) is { } a && a.TryGetProperty("b", out var b) && b.GetBoolean();

    private static long[]? IntsAttr(JsonElement node, string name) =>
        Attr(node, name) is { } a && a.TryGetProperty("list", out var list)
            ? list.TryGetProperty("i", out var i) ? [.. i.EnumerateArray().Select(v => long.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture))] : []
            : null;

    private static string[] FusedOps(JsonElement node) =>
        Attr(node, "fused_ops") is { } a && a.TryGetProperty("list", out var list) && list.TryGetProperty("s", out var s)
            ? [.. s.EnumerateArray().Select(v => Encoding.UTF8.GetString(System.Convert.FromBase64String(v.GetString()!)))]
            : [];
}

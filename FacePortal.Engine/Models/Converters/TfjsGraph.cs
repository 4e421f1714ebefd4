using FacePortal.Engine.Models.Tfjs;
using FacePortal.Engine.Onnx;

namespace FacePortal.Engine.Models.Converters;

/// <summary>
/// Shared plumbing of the face-api converters: checked weight look-up, TF -> ONNX layout changes
/// and the few layer shapes the nets use. Everything runs in NCHW after <see cref="NormalizedInput"/>.
/// </summary>
internal sealed class TfjsGraph
{
    private readonly TfjsWeights _weights;
    private readonly string _model;
    private int _constants;

    public TfjsGraph(string model, TfjsWeights weights)
    {
        _model = model;
        _weights = weights;
        Builder = new OnnxGraphBuilder(model);
    }

    public OnnxGraphBuilder Builder { get; }

    /// <summary>The raw TF tensor, after checking that it exists and has exactly the expected shape.</summary>
    public float[] Tensor(string name, params int[] shape)
    {
        if (!_weights.Contains(name))
        {
            throw new InvalidDataException($"{_model}: the weights have no tensor '{name}' (expected shape [{string.Join(",", shape)}]).");
        }
        var t = _weights[name];
        if (!t.Shape.SequenceEqual(shape))
        {
            throw new InvalidDataException(
                $"{_model}: tensor '{name}' has shape [{string.Join(",", t.Shape)}], expected [{string.Join(",", shape)}].");
        }
        return t.Data;
    }

    /// <summary>A conv filter, TF HWIO [kh,kw,cin,cout] -> ONNX OIHW (perm 3,2,0,1).</summary>
    public string Filter(string name, int kh, int kw, int cin, int cout)
    {
        var src = Tensor(name, kh, kw, cin, cout);
        var dst = new float[src.Length];
        for (var y = 0; y < kh; y++)
        {
            for (var x = 0; x < kw; x++)
            {
                for (var i = 0; i < cin; i++)
                {
                    for (var o = 0; o < cout; o++)
                    {
                        dst[((o * cin + i) * kh + y) * kw + x] = src[((y * kw + x) * cin + i) * cout + o];
                    }
                }
            }
        }
        return Builder.Initializer(name, dst, cout, cin, kh, kw);
    }

    /// <summary>A depthwise filter, TF [kh,kw,cin,1] -> ONNX [cin,1,kh,kw] (used with group = cin).</summary>
    public string DepthwiseFilter(string name, int k, int channels)
    {
        var src = Tensor(name, k, k, channels, 1);
        var dst = new float[src.Length];
        for (var y = 0; y < k; y++)
        {
            for (var x = 0; x < k; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    dst[(c * k + y) * k + x] = src[(y * k + x) * channels + c];
                }
            }
        }
        return Builder.Initializer(name, dst, channels, 1, k, k);
    }

    /// <summary>A per-channel vector [c], as a Conv bias.</summary>
    public string Vector(string name, int channels) => Builder.Initializer(name, Tensor(name, channels), channels);

    /// <summary>A per-channel vector reshaped to [1,c,1,1] so that it broadcasts over NCHW.</summary>
    public string ChannelVector(string name, int channels) => Builder.Initializer(name, Tensor(name, channels), 1, channels, 1, 1);

    /// <summary>A 2-D weight matrix kept in TF's [in,out] layout, for MatMul.</summary>
    public string Matrix(string name, int rows, int cols) => Builder.Initializer(name, Tensor(name, rows, cols), rows, cols);

    public string Scalar(float value) => Builder.Initializer($"const_{_constants++}", [value]);

    /// <summary>
    /// NHWC float input named "input" (RGB 0..255) -> NCHW, minus the per-channel mean, divided by 255
    /// (Div, not Mul by 1/255, to match face-api to the last bit).
    /// </summary>
    public string NormalizedInput(int size, float meanR, float meanG, float meanB)
    {
        var input = Builder.Input("input", OnnxDim.Batch, size, size, 3);
        var nchw = Builder.Node("Transpose", [input], "input_nchw", OnnxAttribute.Ints("perm", 0, 3, 1, 2));
        var mean = Builder.Initializer("mean_rgb", [meanR, meanG, meanB], 1, 3, 1, 1);
        var centred = Builder.Node("Sub", [nchw, mean], "input_centred");
        return Builder.Node("Div", [centred, Scalar(255f)], "input_normalized");
    }

    public string Conv(string x, string filter, string? bias, int kernel, int stride, long[] pads, int group = 1)
    {
        string[] inputs = bias is null ? [x, filter] : [x, filter, bias];
        return Builder.Node("Conv", inputs, attributes:
        [
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", pads),
            OnnxAttribute.Int("group", group),
        ]);
    }

    public string Relu(string x) => Builder.Node("Relu", [x]);

    public string Add(string a, string b) => Builder.Node("Add", [a, b]);

    /// <summary>
    /// TF 'same' padding for one square input size: out = ceil(in/stride), the odd pixel goes at the
    /// bottom/right. Returns ONNX pads [top, left, bottom, right].
    /// </summary>
    public static long[] SamePads(int inSize, int kernel, int stride)
    {
        var outSize = (inSize + stride - 1) / stride;
        var total = Math.Max((outSize - 1) * stride + kernel - inSize, 0);
        var before = total / 2;
        var after = total - before;
        return [before, before, after, after];
    }

    public static int SameOutput(int inSize, int stride) => (inSize + stride - 1) / stride;

    public static int ValidOutput(int inSize, int kernel, int stride) => (inSize - kernel) / stride + 1;

    public static long[] Pads(int all) => [all, all, all, all];
}

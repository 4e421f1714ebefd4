using FacePortal.Engine.Models.Tfjs;
using FacePortal.Engine.Recognition;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace FacePortal.Engine.Robustness;

/// <summary>
/// face-api's recognition ResNet (dlib's 29 layers) in TorchSharp, so attacks get input gradients. Same weights and the
/// same layer order as FaceRecognitionNetConverter (faceapi-ref ARCHITECTURE.md); input NHWC RGB 0..255 [N,150,150,3].
/// </summary>
public sealed class FaceRecognitionTorchNet : IRecognitionTorchNet, IDisposable
{
    public const int InputSize = 150;
    public const int DescriptorLength = 128;

    private readonly Dictionary<string, Tensor> _p = [];
    private readonly Tensor _mean;
    private readonly Tensor _fc;

    public FaceRecognitionTorchNet(TfjsWeights weights, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(weights);
        DType = dtype;
        _mean = Constant([122.782f, 117.001f, 104.298f], 1, 3, 1, 1);
        Layer(weights, "conv32_down", 7, 3, 32);
        foreach (var (name, cin, cout) in Blocks)
        {
            Layer(weights, $"{name}/conv1", 3, cin, cout);
            Layer(weights, $"{name}/conv2", 3, cout, cout);
        }
        _fc = Constant(Tensor(weights, "fc", 256, DescriptorLength), 256, DescriptorLength);
    }

    public ScalarType DType { get; }

    public string Name => EmbeddingModelOptions.BuiltInName;

    int IRecognitionTorchNet.InputSize => InputSize;

    int IRecognitionTorchNet.DescriptorLength => DescriptorLength;

    public DistanceMetric Metric => DistanceMetric.Euclidean;

    private static readonly (string Name, int Cin, int Cout)[] Blocks =
    [
        ("conv32_1", 32, 32), ("conv32_2", 32, 32), ("conv32_3", 32, 32),
        ("conv64_down", 32, 64), ("conv64_1", 64, 64), ("conv64_2", 64, 64), ("conv64_3", 64, 64),
        ("conv128_down", 64, 128), ("conv128_1", 128, 128), ("conv128_2", 128, 128),
        ("conv256_down", 128, 256), ("conv256_1", 256, 256), ("conv256_2", 256, 256),
        ("conv256_down_out", 256, 256),
    ];

    /// <summary>Descriptors [N,128] (not L2-normalised, like face-api) for an NHWC 0..255 batch of this net's dtype.</summary>
    public Tensor Forward(Tensor nhwc)
    {
        ArgumentNullException.ThrowIfNull(nhwc);
        using var scope = NewDisposeScope();
        var x = (nhwc.permute(0, 3, 1, 2) - _mean) / 255.0;
        x = ConvScale(x, "conv32_down", 2, 0).relu();
        x = F.max_pool2d(x, [3, 3], [2, 2]);
        foreach (var (name, cin, cout) in Blocks)
        {
            x = name.Contains("_down", StringComparison.Ordinal) ? ResidualDown(x, name, cin, cout) : Residual(x, name);
        }
        return x.mean([2, 3]).matmul(_fc).MoveToOuterDisposeScope();
    }

    /// <summary>The residual block last-block adaptation tunes (with the fc after it); everything before it stays frozen.</summary>
    public const string LastBlockName = "conv256_down_out";

    /// <summary>The shape of one chip's activations entering <see cref="LastBlockName"/>: [256,4,4].</summary>
    public static readonly long[] LastBlockInputShape = [256, 4, 4];

    /// <summary>The activations entering the last block [N,256,4,4] (what <see cref="Forward"/> computes before it).</summary>
    public Tensor ForwardToLastBlock(Tensor nhwc)
    {
        ArgumentNullException.ThrowIfNull(nhwc);
        using var scope = NewDisposeScope();
        var x = (nhwc.permute(0, 3, 1, 2) - _mean) / 255.0;
        x = ConvScale(x, "conv32_down", 2, 0).relu();
        x = F.max_pool2d(x, [3, 3], [2, 2]);
        foreach (var (name, cin, cout) in Blocks[..^1])
        {
            x = name.Contains("_down", StringComparison.Ordinal) ? ResidualDown(x, name, cin, cout) : Residual(x, name);
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>A copy of one weight in this net's layout: filters OIHW, conv bias [C], scales [1,C,1,1], "fc" [256,128].</summary>
    public Tensor Weight(string name) => (name == "fc" ? _fc : _p[name]).clone();

    /// <summary>Chips as floats NHWC 0..255 -> a tensor of this net's dtype.</summary>
    public Tensor Input(float[] nhwc, int batch = 1) =>
        torch.tensor(nhwc, [batch, InputSize, InputSize, 3]).to_type(DType);

    private Tensor Residual(Tensor x, string name)
    {
        var a = ConvScale(x, $"{name}/conv1", 1, 1).relu();
        var b = ConvScale(a, $"{name}/conv2", 1, 1);
        return (b + x).relu();
    }

    private Tensor ResidualDown(Tensor x, string name, int cin, int cout)
    {
        var a = ConvScale(x, $"{name}/conv1", 2, 0).relu();
        var b = ConvScale(a, $"{name}/conv2", 1, 1);
        var pooled = F.avg_pool2d(x, [2, 2], [2, 2]);
        if (cout != cin)
        {
            pooled = F.pad(pooled, [0, 0, 0, 0, 0, cout - cin]); // zero channels after the real ones
        }
        if (b.shape[2] != pooled.shape[2])
        {
            b = F.pad(b, [0, 1, 0, 1]); // face-api's one zero row (bottom) and column (right)
        }
        return (pooled + b).relu();
    }

    // conv -> + bias -> * scale -> + shift, in face-api's order.
    private Tensor ConvScale(Tensor x, string prefix, long stride, long pad)
    {
        var y = F.conv2d(x, _p[$"{prefix}/conv/filters"], _p[$"{prefix}/conv/bias"], [stride, stride], [pad, pad]);
        return y * _p[$"{prefix}/scale/weights"] + _p[$"{prefix}/scale/biases"];
    }

    private void Layer(TfjsWeights w, string prefix, int k, int cin, int cout)
    {
        // HWIO -> OIHW.
        var hwio = Tensor(w, $"{prefix}/conv/filters", k, k, cin, cout);
        using (var t = torch.tensor(hwio, [k, k, cin, cout]))
        {
            _p[$"{prefix}/conv/filters"] = t.permute(3, 2, 0, 1).contiguous().to_type(DType).DetachFromDisposeScope();
        }
        _p[$"{prefix}/conv/bias"] = Constant(Tensor(w, $"{prefix}/conv/bias", cout), cout);
        _p[$"{prefix}/scale/weights"] = Constant(Tensor(w, $"{prefix}/scale/weights", cout), 1, cout, 1, 1);
        _p[$"{prefix}/scale/biases"] = Constant(Tensor(w, $"{prefix}/scale/biases", cout), 1, cout, 1, 1);
    }

    private Tensor Constant(float[] data, params long[] shape)
    {
        using var t = torch.tensor(data, shape);
        return t.to_type(DType).DetachFromDisposeScope();
    }

    private static float[] Tensor(TfjsWeights w, string name, params int[] shape)
    {
        if (!w.Contains(name))
        {
            throw new InvalidDataException($"face_recognition_model: the weights have no tensor '{name}'.");
        }
        var t = w[name];
        if (!t.Shape.SequenceEqual(shape))
        {
            throw new InvalidDataException($"face_recognition_model: '{name}' has shape [{string.Join(",", t.Shape)}], expected [{string.Join(",", shape)}].");
        }
        return t.Data;
    }

    public void Dispose()
    {
        foreach (var t in _p.Values)
        {
            t.Dispose();
        }
        _mean.Dispose();
        _fc.Dispose();
    }
}

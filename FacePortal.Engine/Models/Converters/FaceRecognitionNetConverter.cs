using FacePortal.Engine.Models.Tfjs;
using FacePortal.Engine.Onnx;

namespace FacePortal.Engine.Models.Converters;

/// <summary>
/// face-api's face_recognition_model (dlib's 29-layer ResNet) -> ONNX. Input "input" [batch,150,150,3] NHWC RGB 0..255,
/// output "descriptor" [batch,128] (not L2-normalised). Layer by layer as in faceapi-ref ARCHITECTURE.md.
/// </summary>
public static class FaceRecognitionNetConverter
{
    public const int InputSize = 150;
    public const int DescriptorLength = 128;

    public static byte[] Convert(TfjsWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var g = new TfjsGraph("face_recognition_model", weights);
        var size = InputSize;
        var x = g.NormalizedInput(size, 122.782f, 117.001f, 104.298f);

        // conv32_down: 7x7 stride 2 valid, then ReLU; MaxPool 3x3 stride 2 valid.
        x = g.Relu(ConvScale(g, x, "conv32_down", 7, 3, 32, stride: 2, pad: 0));
        size = TfjsGraph.ValidOutput(size, 7, 2);
        x = g.Builder.Node("MaxPool", [x], attributes:
        [
            OnnxAttribute.Ints("kernel_shape", 3, 3),
            OnnxAttribute.Ints("strides", 2, 2),
            OnnxAttribute.Ints("pads", 0, 0, 0, 0),
        ]);
        size = TfjsGraph.ValidOutput(size, 3, 2);

        x = Residual(g, x, "conv32_1", 32);
        x = Residual(g, x, "conv32_2", 32);
        x = Residual(g, x, "conv32_3", 32);
        x = ResidualDown(g, x, "conv64_down", 32, 64, ref size);
        x = Residual(g, x, "conv64_1", 64);
        x = Residual(g, x, "conv64_2", 64);
        x = Residual(g, x, "conv64_3", 64);
        x = ResidualDown(g, x, "conv128_down", 64, 128, ref size);
        x = Residual(g, x, "conv128_1", 128);
        x = Residual(g, x, "conv128_2", 128);
        x = ResidualDown(g, x, "conv256_down", 128, 256, ref size);
        x = Residual(g, x, "conv256_1", 256);
        x = Residual(g, x, "conv256_2", 256);
        x = ResidualDown(g, x, "conv256_down_out", 256, 256, ref size);

        var mean = g.Builder.Node("ReduceMean", [x], "global_mean",
            OnnxAttribute.Ints("axes", 2, 3), OnnxAttribute.Int("keepdims", 0));
        g.Builder.Node("MatMul", [mean, g.Matrix("fc", 256, DescriptorLength)], "descriptor");
        g.Builder.Output("descriptor", OnnxDim.Batch, DescriptorLength);

        return g.Builder.ToModelBytes(metadata: new Dictionary<string, string>
        {
            ["source"] = "@vladmandic/face-api 1.7.15 face_recognition_model",
            ["input_size"] = InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["input_layout"] = "NHWC RGB 0..255, centred zero pad to square",
        });
    }

    // conv -> + bias -> * scale -> + shift, in face-api's order (folding would round differently).
    private static string ConvScale(TfjsGraph g, string x, string prefix, int kernel, int cin, int cout, int stride, int pad)
    {
        var conv = g.Conv(x, g.Filter($"{prefix}/conv/filters", kernel, kernel, cin, cout), g.Vector($"{prefix}/conv/bias", cout),
            kernel, stride, TfjsGraph.Pads(pad));
        var scaled = g.Builder.Node("Mul", [conv, g.ChannelVector($"{prefix}/scale/weights", cout)]);
        return g.Add(scaled, g.ChannelVector($"{prefix}/scale/biases", cout));
    }

    private static string Residual(TfjsGraph g, string x, string name, int channels)
    {
        var a = g.Relu(ConvScale(g, x, $"{name}/conv1", 3, channels, channels, stride: 1, pad: 1));
        var b = ConvScale(g, a, $"{name}/conv2", 3, channels, channels, stride: 1, pad: 1);
        return g.Relu(g.Add(b, x));
    }

    private static string ResidualDown(TfjsGraph g, string x, string name, int cin, int cout, ref int size)
    {
        var a = g.Relu(ConvScale(g, x, $"{name}/conv1", 3, cin, cout, stride: 2, pad: 0));
        var b = ConvScale(g, a, $"{name}/conv2", 3, cout, cout, stride: 1, pad: 1);
        var mainSize = TfjsGraph.ValidOutput(size, 3, 2);
        var poolSize = TfjsGraph.ValidOutput(size, 2, 2);

        var pooled = g.Builder.Node("AveragePool", [x], attributes:
        [
            OnnxAttribute.Ints("kernel_shape", 2, 2),
            OnnxAttribute.Ints("strides", 2, 2),
            OnnxAttribute.Ints("pads", 0, 0, 0, 0),
        ]);
        if (cout != cin)
        {
            // Zero channels appended after the real ones.
            var pads = g.Builder.InitializerInt64($"{name}/shortcut_pads", [0, 0, 0, 0, 0, cout - cin, 0, 0], 8);
            pooled = g.Builder.Node("Pad", [pooled, pads]);
        }
        if (mainSize != poolSize)
        {
            // face-api appends exactly one zero row (bottom) and one zero column (right) whenever the sizes differ.
            if (poolSize - mainSize != 1)
            {
                throw new InvalidOperationException($"{name}: main branch {mainSize} vs shortcut {poolSize}; face-api only pads by one.");
            }
            var pads = g.Builder.InitializerInt64($"{name}/main_pads", [0, 0, 0, 0, 0, 0, 1, 1], 8);
            b = g.Builder.Node("Pad", [b, pads]);
        }
        size = poolSize;
        return g.Relu(g.Add(pooled, b));
    }
}

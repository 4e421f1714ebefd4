using System.Globalization;
using FacePortal.Engine.Models.Tfjs;
using FacePortal.Engine.Onnx;

namespace FacePortal.Engine.Models.Converters;

/// <summary>
/// face-api's tiny_face_detector_model (TinyYolov2 "runMobilenet" path: first layer a plain 3x3 valid conv,
/// then depthwise separable convs with leaky ReLU) -> ONNX for one input size (a multiple of 32).
/// Input "input" [batch,S,S,3] NHWC RGB 0..255 (bottom/right zero pad to square); output "output"
/// [batch,S/32,S/32,25] NHWC: per cell 5 anchors x (tx, ty, tw, th, to), as face-api's extractBoxes indexes it.
/// <see cref="ConvertAnySize"/> leaves height and width symbolic: one graph for every multiple of 32 (the pads of the
/// 'same' max pools are the same for all of them), so the detector input can follow the image.
/// </summary>
public static class TinyFaceDetectorConverter
{
    public const int DefaultInputSize = 416;
    public const int BoxEncodingSize = 5;
    public const int AnchorCount = 5;

    private static readonly int[] Channels = [16, 32, 64, 128, 256, 512];

    public static byte[] Convert(TfjsWeights weights, int inputSize = DefaultInputSize)
    {
        if (inputSize < 32 || inputSize % 32 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "The Tiny Face Detector input size must be a positive multiple of 32.");
        }
        return Build(weights, inputSize, anySize: false);
    }

    /// <summary>Input [batch,H,W,3] for any H and W that are multiples of 32; output [batch,H/32,W/32,25].</summary>
    public static byte[] ConvertAnySize(TfjsWeights weights) => Build(weights, DefaultInputSize, anySize: true);

    private static byte[] Build(TfjsWeights weights, int inputSize, bool anySize)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var g = new TfjsGraph("tiny_face_detector_model", weights);
        // The grid arithmetic below runs on inputSize; for any size it only checks the layers (the pads do not vary).
        OnnxDim height = anySize ? new OnnxDim(0, "height") : inputSize, width = anySize ? new OnnxDim(0, "width") : inputSize;
        // As TfjsGraph.NormalizedInput, with a height and width that may be symbolic.
        var input = g.Builder.Input("input", OnnxDim.Batch, height, width, 3);
        var nchw = g.Builder.Node("Transpose", [input], "input_nchw", OnnxAttribute.Ints("perm", 0, 3, 1, 2));
        var mean = g.Builder.Initializer("mean_rgb", [117.001f, 114.697f, 97.404f], 1, 3, 1, 1);
        var centred = g.Builder.Node("Sub", [nchw, mean], "input_centred");
        var x = g.Builder.Node("Div", [centred, g.Scalar(255f)], "input_normalized");
        var size = inputSize;

        x = Leaky(g, g.Conv(x, g.Filter("conv0/filters", 3, 3, 3, Channels[0]), g.Vector("conv0/bias", Channels[0]), 3, 1, TfjsGraph.Pads(0)));
        size = TfjsGraph.ValidOutput(size, 3, 1);
        x = MaxPoolSame(g, x, stride: 2, ref size);
        for (var i = 1; i <= 5; i++)
        {
            x = SeparableConv(g, x, $"conv{i}", Channels[i - 1], Channels[i]);
            x = MaxPoolSame(g, x, stride: i < 5 ? 2 : 1, ref size);
        }
        var outChannels = AnchorCount * BoxEncodingSize;
        x = g.Conv(x, g.Filter("conv8/filters", 1, 1, Channels[5], outChannels), g.Vector("conv8/bias", outChannels), 1, 1, TfjsGraph.Pads(0));

        if (size != inputSize / 32)
        {
            throw new InvalidOperationException($"Tiny Face Detector: expected a {inputSize / 32} grid, built {size}.");
        }
        g.Builder.Node("Transpose", [x], "output", OnnxAttribute.Ints("perm", 0, 2, 3, 1));
        g.Builder.Output("output", OnnxDim.Batch, anySize ? new OnnxDim(0, "cells_y") : size, anySize ? new OnnxDim(0, "cells_x") : size, outChannels);

        return g.Builder.ToModelBytes(metadata: new Dictionary<string, string>
        {
            ["source"] = "@vladmandic/face-api 1.7.15 tiny_face_detector_model",
            ["input_size"] = anySize ? "any multiple of 32" : inputSize.ToString(CultureInfo.InvariantCulture),
            ["input_layout"] = "NHWC RGB 0..255, bottom/right zero pad to square",
        });
    }

    // face-api's leaky: min = x*0.1; relu(x - min) + min (not LeakyRelu, to round the same way).
    private static string Leaky(TfjsGraph g, string x)
    {
        var min = g.Builder.Node("Mul", [x, g.Scalar(0.1f)]);
        return g.Add(g.Relu(g.Builder.Node("Sub", [x, min])), min);
    }

    // tinyYolov2 depthwiseSeparableConv: pad 1, separable 3x3 valid, + bias, leaky.
    private static string SeparableConv(TfjsGraph g, string x, string prefix, int cin, int cout)
    {
        var dw = g.Conv(x, g.DepthwiseFilter($"{prefix}/depthwise_filter", 3, cin), null, 3, 1, TfjsGraph.Pads(1), group: cin);
        var pw = g.Conv(dw, g.Filter($"{prefix}/pointwise_filter", 1, 1, cin, cout), g.Vector($"{prefix}/bias", cout), 1, 1, TfjsGraph.Pads(0));
        return Leaky(g, pw);
    }

    // tf.maxPool 2x2 'same': the padding (if any) is at the bottom/right and never wins the max, as in ONNX.
    private static string MaxPoolSame(TfjsGraph g, string x, int stride, ref int size)
    {
        var pads = TfjsGraph.SamePads(size, 2, stride);
        size = TfjsGraph.SameOutput(size, stride);
        return g.Builder.Node("MaxPool", [x], attributes:
        [
            OnnxAttribute.Ints("kernel_shape", 2, 2),
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Ints("pads", pads),
        ]);
    }
}

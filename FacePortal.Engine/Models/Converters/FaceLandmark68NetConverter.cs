using System.Globalization;
using FacePortal.Engine.Models.Tfjs;
using FacePortal.Engine.Onnx;

namespace FacePortal.Engine.Models.Converters;

/// <summary>
/// face-api's face_landmark_68_model (FaceFeatureExtractor: four denseBlock4, avgPool 7x7/2, fc 256->136) -> ONNX.
/// Input "input" [batch,112,112,3] NHWC RGB 0..255 (centred zero pad to square); output "landmarks" [batch,136]:
/// the raw net output, x,y interleaved, relative to the padded square (face-api's postProcess is not in the graph).
/// </summary>
public static class FaceLandmark68NetConverter
{
    public const int InputSize = 112;
    public const int OutputLength = 136;

    public static byte[] Convert(TfjsWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var g = new TfjsGraph("face_landmark_68_model", weights);
        var x = g.NormalizedInput(InputSize, 122.782f, 117.001f, 104.298f);
        var size = InputSize;

        x = DenseBlock4(g, x, "dense0", 3, 32, isFirst: true, ref size);
        x = DenseBlock4(g, x, "dense1", 32, 64, isFirst: false, ref size);
        x = DenseBlock4(g, x, "dense2", 64, 128, isFirst: false, ref size);
        x = DenseBlock4(g, x, "dense3", 128, 256, isFirst: false, ref size);

        if (TfjsGraph.ValidOutput(size, 7, 2) != 1)
        {
            throw new InvalidOperationException($"Landmark net: expected a 1x1 map after the 7x7 pool, the features are {size}x{size}.");
        }
        x = g.Builder.Node("AveragePool", [x], attributes:
        [
            OnnxAttribute.Ints("kernel_shape", 7, 7),
            OnnxAttribute.Ints("strides", 2, 2),
            OnnxAttribute.Ints("pads", 0, 0, 0, 0),
        ]);
        // 1x1 spatial: NCHW and NHWC flatten agree.
        x = g.Builder.Node("Flatten", [x], attributes: OnnxAttribute.Int("axis", 1));
        var fc = g.Builder.Node("MatMul", [x, g.Matrix("fc/weights", 256, OutputLength)]);
        g.Builder.Node("Add", [fc, g.Vector("fc/bias", OutputLength)], "landmarks");
        g.Builder.Output("landmarks", OnnxDim.Batch, OutputLength);

        return g.Builder.ToModelBytes(metadata: new Dictionary<string, string>
        {
            ["source"] = "@vladmandic/face-api 1.7.15 face_landmark_68_model",
            ["input_size"] = InputSize.ToString(CultureInfo.InvariantCulture),
            ["input_layout"] = "NHWC RGB 0..255, centred zero pad to square",
        });
    }

    // denseBlock4: the additions nest exactly as in face-api (float addition is not associative).
    private static string DenseBlock4(TfjsGraph g, string x, string name, int cin, int cout, bool isFirst, ref int size)
    {
        var pads = TfjsGraph.SamePads(size, 3, 2);
        size = TfjsGraph.SameOutput(size, 2);
        var out1 = g.Relu(isFirst
            ? g.Conv(x, g.Filter($"{name}/conv0/filters", 3, 3, cin, cout), g.Vector($"{name}/conv0/bias", cout), 3, 2, pads)
            : SeparableConv(g, x, $"{name}/conv0", cin, cout, 2, pads));
        var same = TfjsGraph.Pads(1);
        var out2 = SeparableConv(g, out1, $"{name}/conv1", cout, cout, 1, same);
        var in3 = g.Relu(g.Add(out1, out2));
        var out3 = SeparableConv(g, in3, $"{name}/conv2", cout, cout, 1, same);
        var in4 = g.Relu(g.Add(out1, g.Add(out2, out3)));
        var out4 = SeparableConv(g, in4, $"{name}/conv3", cout, cout, 1, same);
        return g.Relu(g.Add(out1, g.Add(out2, g.Add(out3, out4))));
    }

    // common/depthwiseSeparableConv: separable 3x3 with 'same' padding at the given stride, + bias, no activation.
    private static string SeparableConv(TfjsGraph g, string x, string prefix, int cin, int cout, int stride, long[] pads)
    {
        var dw = g.Conv(x, g.DepthwiseFilter($"{prefix}/depthwise_filter", 3, cin), null, 3, stride, pads, group: cin);
        return g.Conv(dw, g.Filter($"{prefix}/pointwise_filter", 1, 1, cin, cout), g.Vector($"{prefix}/bias", cout), 1, 1, TfjsGraph.Pads(0));
    }
}

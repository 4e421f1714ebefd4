using FacePortal.Engine.Models.Tfjs;
using FacePortal.Engine.Onnx;

namespace FacePortal.Engine.Detection.Ssd;

/// <summary>
/// Converts face-api's SSD MobileNet v1 face detector (TensorFlow.js weights) to an ONNX graph that reproduces
/// face-api's <c>SsdMobilenetv1.forwardInput</c> up to and including its output layer (prior-box decoding, sigmoid).
/// <para>Input <c>input</c>: float32 NHWC [batch,512,512,3], RGB 0..255, image zero-padded bottom/right to a square
/// and resized (see <see cref="Imaging.FaceApiResize"/> with <see cref="Imaging.SquarePad.BottomRight"/>).</para>
/// <para>Output <c>boxes</c>: [batch,5118,4] = ymin, xmin, ymax, xmax relative to the padded square (not clamped).
/// Output <c>scores</c>: [batch,5118] = sigmoid of the face class (class 1) logit.</para>
/// Non-maximum suppression and the conversion to pixels are in <see cref="SsdDecoder"/>.
/// </summary>
public static class SsdMobilenetV1Converter
{
    public const string InputName = "input";
    public const string BoxesName = "boxes";
    public const string ScoresName = "scores";
    public const int InputSize = 512;
    public const int AnchorCount = 5118;

    // Extra outputs for tests: the raw concatenated predictor outputs before the output layer.
    internal const string BoxEncodingsName = "box_encodings";
    internal const string ClassLogitsName = "class_logits";

    // face-api's mobileNetV1.ts: tf.batchNorm epsilon.
    private const float BatchNormEpsilon = 0.0010000000474974513f;

    public static byte[] Convert(TfjsWeights weights) => Convert(weights, includeRawOutputs: false);

    /// <summary>For tests: also expose the raw predictor outputs and any inner tensor (by node output name, NCHW).</summary>
    internal static byte[] Convert(TfjsWeights weights, bool includeRawOutputs, params (string Name, OnnxDim[] Dims)[] innerOutputs)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var b = new Builder(weights);
        b.Build(includeRawOutputs);
        foreach (var (name, dims) in innerOutputs)
        {
            b.Graph.Output(name, dims);
        }
        return b.Graph.ToModelBytes(metadata: new Dictionary<string, string>
        {
            ["source"] = "face-api 1.7.15 ssd_mobilenetv1_model",
            ["input"] = "input: float32 NHWC [batch,512,512,3] RGB 0..255, zero-padded bottom/right to a square",
            ["boxes"] = "boxes: [batch,5118,4] ymin,xmin,ymax,xmax relative to the padded square, unclamped",
            ["scores"] = "scores: [batch,5118] sigmoid(face logit)",
        });
    }

    /// <summary>TensorFlow 'same' padding: out = ceil(n/s); the odd extra pad goes at the end.</summary>
    internal static (int Begin, int End, int Out) SamePads(int size, int kernel, int stride)
    {
        var output = (size + stride - 1) / stride;
        var total = Math.Max((output - 1) * stride + kernel - size, 0);
        return (total / 2, total - total / 2, output);
    }

    private sealed class Builder(TfjsWeights weights)
    {
        public OnnxGraphBuilder Graph { get; } = new("ssd_mobilenetv1");

        private string _zero = "";
        private string _six = "";

        public void Build(bool includeRawOutputs)
        {
            var g = Graph;
            _zero = g.Initializer("const_zero", [0f]);
            _six = g.Initializer("const_six", [6f]);

            var input = g.Input(InputName, OnnxDim.Batch, InputSize, InputSize, 3);
            var nchw = g.Node("Transpose", [input], "input_nchw", OnnxAttribute.Ints("perm", 0, 3, 1, 2));
            // SsdMobilenetv1.ts: tf.sub(tf.div(batchTensor, 127.5), 1).
            var div = g.Node("Div", [nchw, g.Initializer("const_127_5", [127.5f])], "input_div");
            var x = g.Node("Sub", [div, g.Initializer("const_one", [1f])], "input_normalized");

            // mobileNetV1.ts
            var size = InputSize;
            (x, size) = PointwiseLayer(x, size, "MobilenetV1/Conv2d_0_pointwise", 2);
            var conv11 = "";
            for (var i = 1; i <= 13; i++)
            {
                var stride = i is 2 or 4 or 6 or 12 ? 2 : 1;
                (x, size) = DepthwiseLayer(x, size, $"MobilenetV1/Conv2d_{i}_depthwise", stride);
                (x, size) = PointwiseLayer(x, size, $"MobilenetV1/Conv2d_{i}_pointwise", 1);
                if (i == 11)
                {
                    conv11 = x;
                }
            }

            // predictionLayer.ts
            var (c0, s0) = PointwiseLayer(x, size, "Prediction/Conv2d_0_pointwise", 1);
            var (c1, s1) = PointwiseLayer(c0, s0, "Prediction/Conv2d_1_pointwise", 2);
            var (c2, s2) = PointwiseLayer(c1, s1, "Prediction/Conv2d_2_pointwise", 1);
            var (c3, s3) = PointwiseLayer(c2, s2, "Prediction/Conv2d_3_pointwise", 2);
            var (c4, s4) = PointwiseLayer(c3, s3, "Prediction/Conv2d_4_pointwise", 1);
            var (c5, s5) = PointwiseLayer(c4, s4, "Prediction/Conv2d_5_pointwise", 2);
            var (c6, s6) = PointwiseLayer(c5, s5, "Prediction/Conv2d_6_pointwise", 1);
            var (c7, _) = PointwiseLayer(c6, s6, "Prediction/Conv2d_7_pointwise", 2);

            string[] sources = [conv11, x, c1, c3, c5, c7];
            var boxParts = new string[6];
            var classParts = new string[6];
            for (var i = 0; i < 6; i++)
            {
                boxParts[i] = PredictorHead(sources[i], $"Prediction/BoxPredictor_{i}/BoxEncodingPredictor", 4);
                classParts[i] = PredictorHead(sources[i], $"Prediction/BoxPredictor_{i}/ClassPredictor", 3);
            }
            var boxEncodings = g.Node("Concat", boxParts, BoxEncodingsName, OnnxAttribute.Int("axis", 1));
            var classLogits = g.Node("Concat", classParts, ClassLogitsName, OnnxAttribute.Int("axis", 1));

            DecodeBoxes(boxEncodings);
            Scores(classLogits);

            g.Output(BoxesName, OnnxDim.Batch, AnchorCount, 4);
            g.Output(ScoresName, OnnxDim.Batch, AnchorCount);
            if (includeRawOutputs)
            {
                g.Output(BoxEncodingsName, OnnxDim.Batch, AnchorCount, 4);
                g.Output(ClassLogitsName, OnnxDim.Batch, AnchorCount, 3);
            }
        }

        // pointwiseConvLayer.ts: conv2d 'same' + batch_norm_offset, then clip 0..6 (kernel 1x1 or 3x3 despite the name).
        private (string, int) PointwiseLayer(string x, int size, string prefix, int stride)
        {
            var filters = weights[$"{prefix}/weights"];
            var bias = weights[$"{prefix}/convolution_bn_offset"].Data;
            var (conv, outSize) = Conv(x, size, prefix, filters, bias, stride, group: 1);
            return (Clip(conv, prefix), outSize);
        }

        // mobileNetV1.ts depthwiseConvLayer: depthwiseConv2d 'same', tf.batchNorm, clip 0..6.
        private (string, int) DepthwiseLayer(string x, int size, string prefix, int stride)
        {
            var filters = weights[$"{prefix}/depthwise_weights"];
            var channels = filters.Shape[2];
            var (conv, outSize) = Conv(x, size, prefix, filters, bias: null, stride, group: channels);
            var g = Graph;
            var bn = g.Node("BatchNormalization",
                [
                    conv,
                    Vector($"{prefix}/BatchNorm/gamma", channels),
                    Vector($"{prefix}/BatchNorm/beta", channels),
                    Vector($"{prefix}/BatchNorm/moving_mean", channels),
                    Vector($"{prefix}/BatchNorm/moving_variance", channels),
                ],
                $"{prefix}/bn",
                OnnxAttribute.Float("epsilon", BatchNormEpsilon));
            return (Clip(bn, prefix), outSize);
        }

        // boxPredictionLayer.ts: convLayer (1x1 'same' + bias, no activation), NHWC reshape to [batch,-1,width].
        private string PredictorHead(string x, string prefix, int width)
        {
            var filters = weights[$"{prefix}/weights"];
            var (conv, _) = Conv(x, 0, prefix, filters, weights[$"{prefix}/biases"].Data, 1, group: 1);
            var g = Graph;
            // Back to NHWC so the reshape orders anchors as TF does: row, column, then anchor.
            var nhwc = g.Node("Transpose", [conv], $"{prefix}/nhwc", OnnxAttribute.Ints("perm", 0, 2, 3, 1));
            var shape = g.InitializerInt64($"{prefix}/shape", [0, -1, width], 3);
            return g.Node("Reshape", [nhwc, shape], $"{prefix}/reshaped");
        }

        // outputLayer.ts decodeBoxesLayer, with the anchor terms (sizes, centres) precomputed in float32 as tfjs does.
        private void DecodeBoxes(string encodings)
        {
            var g = Graph;
            var anchors = weights["Output/extra_dim"].Data;
            if (anchors.Length != AnchorCount * 4)
            {
                throw new InvalidDataException($"Output/extra_dim holds {anchors.Length} values, expected {AnchorCount * 4}.");
            }
            var sizes = new float[AnchorCount * 2];
            var centres = new float[AnchorCount * 2];
            for (var i = 0; i < AnchorCount; i++)
            {
                for (var k = 0; k < 2; k++)
                {
                    var size = anchors[i * 4 + k + 2] - anchors[i * 4 + k];
                    sizes[i * 2 + k] = size;
                    centres[i * 2 + k] = anchors[i * 4 + k] + size / 2f;
                }
            }
            var sizesName = g.Initializer("anchor_sizes", sizes, AnchorCount, 2);
            var centresName = g.Initializer("anchor_centres", centres, AnchorCount, 2);

            // vec[0]/10, vec[1]/10, vec[2]/5, vec[3]/5.
            var scaled = g.Node("Div", [encodings, g.Initializer("box_scale", [10f, 10f, 5f, 5f], 4)], "box_scaled");
            var axes = g.InitializerInt64("box_slice_axes", [2], 1);
            var offsets = g.Node("Slice",
                [scaled, g.InitializerInt64("box_slice_0", [0], 1), g.InitializerInt64("box_slice_2", [2], 1), axes], "box_offsets");
            var logSizes = g.Node("Slice",
                [scaled, g.InitializerInt64("box_slice_2b", [2], 1), g.InitializerInt64("box_slice_4", [4], 1), axes], "box_log_sizes");
            // add = t * size + centre; half = exp(t) * size / 2.
            var centre = g.Node("Add", [g.Node("Mul", [offsets, sizesName], "box_offsets_scaled"), centresName], "box_centres");
            var half = g.Node("Div",
                [g.Node("Mul", [g.Node("Exp", [logSizes], "box_exp"), sizesName], "box_sizes"), g.Initializer("const_two", [2f])],
                "box_half_sizes");
            var min = g.Node("Sub", [centre, half], "box_min");
            var max = g.Node("Add", [centre, half], "box_max");
            g.Node("Concat", [min, max], BoxesName, OnnxAttribute.Int("axis", 2));
        }

        // outputLayer.ts: sigmoid(class logits[..., 1:]) then the first of those, reshaped to [batch, anchors].
        private void Scores(string logits)
        {
            var g = Graph;
            var face = g.Node("Slice",
                [
                    logits,
                    g.InitializerInt64("score_slice_start", [1], 1),
                    g.InitializerInt64("score_slice_end", [2], 1),
                    g.InitializerInt64("score_slice_axes", [2], 1),
                ],
                "face_logits");
            var sigmoid = g.Node("Sigmoid", [face], "face_scores");
            g.Node("Reshape", [sigmoid, g.InitializerInt64("scores_shape", [0, -1], 2)], ScoresName);
        }

        // TF filters HWIO [kh,kw,cin,cout] -> OIHW; depthwise [kh,kw,c,1] -> [c,1,kh,kw] with group = c.
        // 'same' padding as explicit pads: asymmetric (0 before, 1 after) for the stride-2 layers on even sizes.
        private (string, int) Conv(string x, int size, string prefix, TfjsTensor filters, float[]? bias, int stride, int group)
        {
            var g = Graph;
            int kh = filters.Shape[0], kw = filters.Shape[1], cin = filters.Shape[2], cout = filters.Shape[3];
            var depthwise = group > 1;
            if (depthwise && cout != 1)
            {
                throw new InvalidDataException($"{prefix}: depthwise multiplier {cout} is not supported.");
            }
            var outChannels = depthwise ? cin : cout;
            var inPerGroup = depthwise ? 1 : cin;
            var oihw = new float[filters.Data.Length];
            for (var h = 0; h < kh; h++)
            {
                for (var w = 0; w < kw; w++)
                {
                    for (var i = 0; i < cin; i++)
                    {
                        for (var o = 0; o < cout; o++)
                        {
                            var src = ((h * kw + w) * cin + i) * cout + o;
                            var (oc, ic) = depthwise ? (i, 0) : (o, i);
                            oihw[((oc * inPerGroup + ic) * kh + h) * kw + w] = filters.Data[src];
                        }
                    }
                }
            }
            var inputs = new List<string> { x, g.Initializer($"{prefix}/W", oihw, outChannels, inPerGroup, kh, kw) };
            if (bias is not null)
            {
                if (bias.Length != outChannels)
                {
                    throw new InvalidDataException($"{prefix}: {bias.Length} biases for {outChannels} channels.");
                }
                inputs.Add(g.Initializer($"{prefix}/B", bias, outChannels));
            }

            // 1x1 kernels need no padding, so their input size does not matter.
            var (top, bottom, outH) = kh == 1 && stride == 1 ? (0, 0, size) : SamePads(size, kh, stride);
            var (left, right, _) = kw == 1 && stride == 1 ? (0, 0, size) : SamePads(size, kw, stride);
            var conv = g.Node("Conv", [.. inputs], $"{prefix}/conv",
                OnnxAttribute.Ints("kernel_shape", kh, kw),
                OnnxAttribute.Ints("strides", stride, stride),
                OnnxAttribute.Ints("pads", top, left, bottom, right),
                OnnxAttribute.Int("group", group));
            return (conv, outH);
        }

        private string Vector(string name, int length)
        {
            var t = weights[name];
            if (t.Data.Length != length)
            {
                throw new InvalidDataException($"{name}: {t.Data.Length} values, expected {length}.");
            }
            return Graph.Initializer(name, t.Data, length);
        }

        private string Clip(string x, string prefix) => Graph.Node("Clip", [x, _zero, _six], $"{prefix}/relu6");
    }
}

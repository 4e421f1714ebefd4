using FacePortal.Engine.Detection.Ssd;
using FacePortal.Engine.Models;
using FacePortal.Engine.Models.Tfjs;
using FacePortal.Engine.Onnx;
using FacePortal.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Detection.Ssd;

public sealed class SsdMobilenetV1ConverterTests(ITestOutputHelper output)
{
    private const int N = SsdMobilenetV1Converter.AnchorCount;

    // TF 'same': out = ceil(in/stride), total pad = max((out-1)*stride + k - in, 0), the odd one after.
    [Theory]
    [InlineData(512, 3, 2, 0, 1, 256)] // (255*2 + 3) - 512 = 1
    [InlineData(2, 3, 2, 0, 1, 1)]     // last prediction layer: 0 + 3 - 2 = 1
    [InlineData(256, 3, 1, 1, 1, 256)] // 255 + 3 - 256 = 2
    [InlineData(16, 1, 1, 0, 0, 16)]
    [InlineData(5, 3, 2, 1, 1, 3)]     // odd input: 4 + 3 - 5 = 2
    public void SamePads_TensorFlowRule_MatchesHandWorkedPads(int size, int kernel, int stride, int begin, int end, int outSize)
    {
        Assert.Equal((begin, end, outSize), SsdMobilenetV1Converter.SamePads(size, kernel, stride));
    }

    [Fact]
    public void Convert_Weights_ExposesDocumentedInputAndOutputs()
    {
        Assert.NotNull(ConvertedModels.Weights(FaceApiModel.SsdMobilenetV1)); // fetched with npm like the portal does: missing weights are a failure
        using var session = new InferenceSession(SsdMobilenetV1Converter.Convert(ConvertedModels.Weights(FaceApiModel.SsdMobilenetV1)));

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal(SsdMobilenetV1Converter.InputName, input.Key);
        Assert.Equal([-1, 512, 512, 3], input.Value.Dimensions);
        Assert.Equal(
            [SsdMobilenetV1Converter.BoxesName, SsdMobilenetV1Converter.ScoresName],
            session.OutputMetadata.Keys.Order().ToArray());
        Assert.Equal([-1, N, 4], session.OutputMetadata[SsdMobilenetV1Converter.BoxesName].Dimensions);
        Assert.Equal([-1, N], session.OutputMetadata[SsdMobilenetV1Converter.ScoresName].Dimensions);
    }

    // The in-graph output layer against face-api's outputLayer.ts written out naively in float64.
    [Fact]
    public void Run_BoxesAndScores_EqualNaiveOutputLayerOnRawPredictions()
    {
        var input = Input();
        var r = ConvertedModels.RunSsd(input, 1);
        var anchors = ConvertedModels.Weights(FaceApiModel.SsdMobilenetV1)["Output/extra_dim"].Data;

        double maxBox = 0, maxScore = 0;
        for (var i = 0; i < N; i++)
        {
            var a = anchors.AsSpan(i * 4, 4);
            var p = r.BoxEncodings.AsSpan(i * 4, 4);
            double sizeY = a[2] - a[0], sizeX = a[3] - a[1];
            double centreY = a[0] + sizeY / 2, centreX = a[1] + sizeX / 2;
            var cy = p[0] / 10.0 * sizeY + centreY;
            var cx = p[1] / 10.0 * sizeX + centreX;
            var halfH = Math.Exp(p[2] / 5.0) * sizeY / 2;
            var halfW = Math.Exp(p[3] / 5.0) * sizeX / 2;
            double[] expected = [cy - halfH, cx - halfW, cy + halfH, cx + halfW];
            for (var k = 0; k < 4; k++)
            {
                maxBox = Math.Max(maxBox, Math.Abs(r.Boxes[i * 4 + k] - expected[k]));
            }
            var score = 1 / (1 + Math.Exp(-r.ClassLogits[i * 3 + 1]));
            maxScore = Math.Max(maxScore, Math.Abs(r.Scores[i] - score));
        }
        output.WriteLine($"output layer vs naive: max |box diff| {maxBox:E2}, max |score diff| {maxScore:E2}");
        Assert.True(maxBox < 1e-5, $"box diff {maxBox}");
        Assert.True(maxScore < 1e-6, $"score diff {maxScore}");
    }

    // A batch of two must give each item's own single-run result (the reshapes keep the batch axis apart).
    [Fact]
    public void Run_BatchOfTwo_EqualsSingleRuns()
    {
        var input = Input();
        var other = input.Select((v, i) => i % 7 == 0 ? 255f - v : v).ToArray();
        var batch = ConvertedModels.RunSsd([.. input, .. other], 2);
        var first = ConvertedModels.RunSsd(input, 1);
        var second = ConvertedModels.RunSsd(other, 1);

        var diff = MaxAbsDiff(batch.Boxes, [.. first.Boxes, .. second.Boxes]);
        diff = Math.Max(diff, MaxAbsDiff(batch.Scores, [.. first.Scores, .. second.Scores]));
        output.WriteLine($"batch vs single: max abs diff {diff:E2}");
        Assert.True(diff < 1e-5, $"diff {diff}");
        Assert.True(MaxAbsDiff(first.Scores, second.Scores) > 1e-3, "the two items should differ");
    }

    // The first layers (3x3 conv stride 2, depthwise + batch norm stride 1 and 2, pointwise 1x1, relu6) against a naive
    // NHWC implementation of TF semantics with hand-worked 'same' pads: checks the weight layouts and asymmetric pads.
    [Fact]
    public void Run_FirstLayers_EqualNaiveTensorFlowConvolutions()
    {
        var input = Input();
        var w = ConvertedModels.Weights(FaceApiModel.SsdMobilenetV1);
        const string dw2 = "MobilenetV1/Conv2d_2_depthwise/relu6";
        var bytes = SsdMobilenetV1Converter.Convert(w, includeRawOutputs: false, (dw2, [OnnxDim.Batch, 64, 128, 128]));
        using var session = new InferenceSession(bytes);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(
            SsdMobilenetV1Converter.InputName, new DenseTensor<float>(input, [1, 512, 512, 3]))]);
        var onnx = results.Single(x => x.Name == dw2).AsTensor<float>();

        var x = new Nhwc(512, 512, 3, input.Select(v => v / 127.5 - 1).ToArray());
        // 512 -> 256 with stride 2: TF pads 0 before, 1 after; stride 1 with 3x3 pads 1 and 1.
        x = Relu6(Conv(x, w["MobilenetV1/Conv2d_0_pointwise/weights"], 2, 0, w["MobilenetV1/Conv2d_0_pointwise/convolution_bn_offset"].Data));
        x = Relu6(BatchNorm(Depthwise(x, w["MobilenetV1/Conv2d_1_depthwise/depthwise_weights"], 1, 1), w, "MobilenetV1/Conv2d_1_depthwise"));
        x = Relu6(Conv(x, w["MobilenetV1/Conv2d_1_pointwise/weights"], 1, 0, w["MobilenetV1/Conv2d_1_pointwise/convolution_bn_offset"].Data));
        x = Relu6(BatchNorm(Depthwise(x, w["MobilenetV1/Conv2d_2_depthwise/depthwise_weights"], 2, 0), w, "MobilenetV1/Conv2d_2_depthwise"));

        Assert.Equal((128, 128, 64), (x.H, x.W, x.C));
        double max = 0, sumAbs = 0;
        for (var h = 0; h < x.H; h++)
        {
            for (var ww = 0; ww < x.W; ww++)
            {
                for (var c = 0; c < x.C; c++)
                {
                    var expected = x.At(h, ww, c);
                    max = Math.Max(max, Math.Abs(onnx[0, c, h, ww] - expected));
                    sumAbs += Math.Abs(expected);
                }
            }
        }
        output.WriteLine($"conv_0..depthwise_2 vs naive: max abs diff {max:E2} (mean |activation| {sumAbs / x.Data.Length:F3})");
        Assert.True(max < 1e-3, $"max diff {max}");
    }

    // The weights and demo images come from the face-api package, fetched with npm like the portal does.
    private float[] Input()
    {
        Assert.NotNull(ConvertedModels.SsdWithRawOutputs);
        return SsdTestData.ToInput(SsdTestData.LoadRgb(Path.Combine(FaceApiPackage.Directory, "demo", "sample1.jpg")));
    }

    private static double MaxAbsDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (p, q) => Math.Abs((double)p - q)).Max();
    }

    private sealed record Nhwc(int H, int W, int C, double[] Data)
    {
        public double At(int h, int w, int c) => Data[(h * W + w) * C + c];
    }

    // filters HWIO; out = ceil(in/stride); input row = out*stride + kh - padBefore, zero outside.
    private static Nhwc Conv(Nhwc x, TfjsTensor f, int stride, int padBefore, float[] bias)
    {
        int kh = f.Shape[0], kw = f.Shape[1], cin = f.Shape[2], cout = f.Shape[3];
        int oh = (x.H + stride - 1) / stride, ow = (x.W + stride - 1) / stride;
        var y = new double[oh * ow * cout];
        for (var i = 0; i < oh; i++)
        {
            for (var j = 0; j < ow; j++)
            {
                for (var o = 0; o < cout; o++)
                {
                    double sum = bias[o];
                    for (var a = 0; a < kh; a++)
                    {
                        for (var b = 0; b < kw; b++)
                        {
                            int r = i * stride + a - padBefore, c = j * stride + b - padBefore;
                            if (r < 0 || c < 0 || r >= x.H || c >= x.W)
                            {
                                continue;
                            }
                            for (var ci = 0; ci < cin; ci++)
                            {
                                sum += x.At(r, c, ci) * f.Data[((a * kw + b) * cin + ci) * cout + o];
                            }
                        }
                    }
                    y[(i * ow + j) * cout + o] = sum;
                }
            }
        }
        return new Nhwc(oh, ow, cout, y);
    }

    // depthwise filters [kh,kw,c,1].
    private static Nhwc Depthwise(Nhwc x, TfjsTensor f, int stride, int padBefore)
    {
        int kh = f.Shape[0], kw = f.Shape[1], ch = f.Shape[2];
        int oh = (x.H + stride - 1) / stride, ow = (x.W + stride - 1) / stride;
        var y = new double[oh * ow * ch];
        for (var i = 0; i < oh; i++)
        {
            for (var j = 0; j < ow; j++)
            {
                for (var c = 0; c < ch; c++)
                {
                    double sum = 0;
                    for (var a = 0; a < kh; a++)
                    {
                        for (var b = 0; b < kw; b++)
                        {
                            int r = i * stride + a - padBefore, col = j * stride + b - padBefore;
                            if (r >= 0 && col >= 0 && r < x.H && col < x.W)
                            {
                                sum += x.At(r, col, c) * f.Data[(a * kw + b) * ch + c];
                            }
                        }
                    }
                    y[(i * ow + j) * ch + c] = sum;
                }
            }
        }
        return new Nhwc(oh, ow, ch, y);
    }

    // tf.batchNorm: (x - mean) / sqrt(variance + eps) * scale + offset, eps from mobileNetV1.ts.
    private static Nhwc BatchNorm(Nhwc x, TfjsWeights w, string prefix)
    {
        var gamma = w[$"{prefix}/BatchNorm/gamma"].Data;
        var beta = w[$"{prefix}/BatchNorm/beta"].Data;
        var mean = w[$"{prefix}/BatchNorm/moving_mean"].Data;
        var variance = w[$"{prefix}/BatchNorm/moving_variance"].Data;
        var y = new double[x.Data.Length];
        for (var i = 0; i < y.Length; i++)
        {
            var c = i % x.C;
            y[i] = (x.Data[i] - mean[c]) / Math.Sqrt(variance[c] + 0.0010000000474974513) * gamma[c] + beta[c];
        }
        return x with { Data = y };
    }

    private static Nhwc Relu6(Nhwc x) => x with { Data = x.Data.Select(v => Math.Clamp(v, 0, 6)).ToArray() };
}

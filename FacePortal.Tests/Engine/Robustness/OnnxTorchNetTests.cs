using FacePortal.Engine.Onnx;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Robustness;
using FacePortal.Tests.Engine.Models;
using FacePortal.Tests.TestSupport;
using TorchSharp;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Robustness;

/// <summary>The catalogue models' ONNX graphs evaluated in Torch: parity with ONNX Runtime, gradients, refusals, attacks.</summary>
[Trait("Category", "Torch")]
public class OnnxTorchNetTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models => [.. CatalogueChips.Names];

    [LfwImagesTheory]
    [MemberData(nameof(Models))]
    public void Forward_LfwChips_MatchesOnnxRuntimeDescriptors(string model)
    {
        var chips = CatalogueChips.Chips(model);
        var onnx = CatalogueChips.Pipeline(model).Embed(chips, CancellationToken.None);
        var net = CatalogueChips.Net(model);
        var worst = 0.0;
        for (var i = 0; i < chips.Length; i++)
        {
            var torchDescriptor = CatalogueChips.Descriptor(net, chips[i]);
            Assert.Equal(onnx[i].Length, torchDescriptor.Length);
            var diff = FaceApiRef.MaxAbsDiff(onnx[i], torchDescriptor);
            output.WriteLine($"{model} {CatalogueChips.Images[i]}: max |torch - onnx| = {diff:E2} (max |onnx| {onnx[i].Max(MathF.Abs):F3})");
            worst = Math.Max(worst, diff);
        }
        Assert.True(worst <= 1e-4, $"{model}: max |diff| {worst}");
    }

    [LfwImagesTheory]
    [MemberData(nameof(Models))]
    public void InputGradient_MatchesCentralFiniteDifferences(string model)
    {
        // Float64 so the finite differences measure the gradient, not rounding.
        using var net = CatalogueChips.NewNet(model, torch.ScalarType.Float64);
        var size = net.InputSize;
        var chip = CatalogueChips.Chips(model)[0];
        var weights = Enumerable.Range(0, net.DescriptorLength).Select(i => Math.Sin(i * 0.37)).ToArray();
        var x0 = chip.Select(v => (double)v).ToArray();
        long[] shape = [1, size, size, 3];
        double F(double[] c)
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            return (net.Forward(torch.tensor(c, shape)) * torch.tensor(weights, [1, net.DescriptorLength])).sum().ToDouble();
        }

        double[] analytic;
        using (var scope = torch.NewDisposeScope())
        {
            var x = torch.tensor(x0, shape).requires_grad_(true);
            var f = (net.Forward(x) * torch.tensor(weights, [1, net.DescriptorLength])).sum();
            analytic = torch.autograd.grad([f], [x])[0].data<double>().ToArray();
        }

        const double h = 1e-3;
        var half = size / 2;
        foreach (var index in new[] { 3 * ((half * size) + half), (3 * ((size / 3 * size) + (size / 2))) + 1, (3 * ((2 * size / 3 * size) + (size / 3))) + 2, 3 * ((size / 5 * size) + (4 * size / 5)) })
        {
            var plus = (double[])x0.Clone();
            var minus = (double[])x0.Clone();
            plus[index] += h;
            minus[index] -= h;
            var numeric = (F(plus) - F(minus)) / (2 * h);
            output.WriteLine($"{model} pixel value {index}: analytic {analytic[index]:E4}, numeric {numeric:E4}");
            Assert.True(Math.Abs(analytic[index]) > 1e-9, $"{model}: zero gradient at {index}: the test would prove nothing");
            Assert.True(Math.Abs(analytic[index] - numeric) <= 1e-4 * Math.Max(1, Math.Abs(numeric)) + 1e-7,
                $"{model} {index}: analytic {analytic[index]}, numeric {numeric}");
        }
    }

    [LfwImagesTheory]
    [MemberData(nameof(Models))]
    public void Fgsm_LargeBudget_DodgesGenuinePair_BudgetZeroChangesNothing(string model)
    {
        var net = CatalogueChips.Net(model);
        var chips = CatalogueChips.Chips(model);
        var reference = CatalogueChips.Descriptor(net, chips[1]);
        var threshold = CatalogueChips.Engine.Options.FindModel(model).Threshold;
        var attack = new FaceAttack(net);
        var clean = DescriptorMath.Distance(CatalogueChips.Descriptor(net, chips[0]), reference, net.Metric);
        Assert.True(clean <= threshold, $"{model}: the genuine pair is not a match to begin with ({clean:F3} > {threshold})");

        var zero = attack.Run(chips[0], reference, new AttackOptions { Method = AttackMethod.Fgsm, Goal = AttackGoal.Dodging, EpsilonLevels = 0, Threshold = threshold }, CancellationToken.None);
        Assert.Equal(chips[0], zero.Adversarial);
        Assert.Equal(0, zero.MaxPerturbationLevels);
        Assert.Equal(clean, zero.DistanceBefore, 5);
        Assert.Equal(zero.DistanceBefore, zero.DistanceAfter);
        Assert.False(zero.Succeeded);

        var result = attack.Run(chips[0], reference, new AttackOptions { Method = AttackMethod.Fgsm, Goal = AttackGoal.Dodging, EpsilonLevels = 16, Threshold = threshold }, CancellationToken.None);
        output.WriteLine($"{model} FGSM 16 levels dodging: {result.DistanceBefore:F3} -> {result.DistanceAfter:F3} (threshold {threshold})");
        Assert.True(result.Succeeded, $"{model}: distance {result.DistanceAfter} after FGSM at 16 levels, threshold {threshold}");
        Assert.True(result.MaxPerturbationLevels <= 16 + 1e-4);
        Assert.All(result.Adversarial, v => Assert.InRange(v, 0f, 255f));
        // Scored by ONNX Runtime too: the adversarial chip fools the deployed model, not only its Torch twin.
        var onnx = CatalogueChips.Pipeline(model).Embed([result.Adversarial, chips[1]], CancellationToken.None);
        Assert.True(DescriptorMath.Distance(onnx[0], onnx[1], net.Metric) > threshold);
    }

    [Fact]
    public void Constructor_UnknownOp_IsRefusedNamingTheOp()
    {
        var builder = new OnnxGraphBuilder("tiny");
        builder.Input("input", OnnxDim.Batch, 4, 4, 3);
        builder.Node("Erf", ["input"], "output");
        builder.Output("output", OnnxDim.Batch, 4, 4, 3);
        var graph = OnnxGraphReader.Read(builder.ToModelBytes());
        var model = new EmbeddingModelOptions { Name = "tiny", InputSize = 4, EmbeddingSize = 48 };

        var e = Assert.Throws<NotSupportedException>(() => new OnnxTorchNet(graph, model));
        Assert.Contains("'Erf'", e.Message);
        Assert.Contains("tiny", e.Message);
    }

    [Fact]
    public void Forward_SmallGraph_MatchesOnnxRuntime()
    {
        // The ops and attribute forms neither catalogue graph has: SAME_UPPER at stride 2, explicit pads, pools, Gemm, Flatten.
        var random = new Random(5);
        float[] R(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5))];
        var b = new OnnxGraphBuilder("small");
        b.Input("input", OnnxDim.Batch, 9, 9, 3);
        var x = b.Node("Transpose", ["input"], attributes: OnnxAttribute.Ints("perm", 0, 3, 1, 2));
        x = b.Node("Conv", [x, b.Initializer("w1", R(4 * 3 * 3 * 3), 4, 3, 3, 3), b.Initializer("b1", R(4), 4)], null,
            OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("strides", 2, 2), OnnxAttribute.String("auto_pad", "SAME_UPPER"));
        x = b.Node("Relu", [x]);
        x = b.Node("Conv", [x, b.Initializer("w2", R(4 * 1 * 3 * 3), 4, 1, 3, 3)], null,
            OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("pads", 1, 1, 1, 1), OnnxAttribute.Int("group", 4));
        x = b.Node("MaxPool", [x], null, OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 1, 1));
        x = b.Node("Pad", [x, b.InitializerInt64("pads", [0, 0, 0, 1, 0, 0, 1, 0], 8)], null, OnnxAttribute.String("mode", "constant"));
        x = b.Node("AveragePool", [x], null, OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2));
        x = b.Node("Flatten", [x], null, OnnxAttribute.Int("axis", 1));
        b.Node("Gemm", [x, b.Initializer("w3", R(6 * 16), 6, 16), b.Initializer("b3", R(6), 6)], "output", OnnxAttribute.Int("transB", 1));
        b.Output("output", OnnxDim.Batch, 6);
        var bytes = b.ToModelBytes();
        var input = R(9 * 9 * 3).Select(v => (v + 0.5f) * 255).ToArray();

        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(bytes);
        using var tensor = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(input, [1, 9, 9, 3]);
        using var results = session.Run(new Microsoft.ML.OnnxRuntime.RunOptions(), ["input"], [tensor], ["output"]);
        var expected = results[0].GetTensorDataAsSpan<float>().ToArray();
        using var net = new OnnxTorchNet(OnnxGraphReader.Read(bytes), new EmbeddingModelOptions { Name = "small", InputSize = 9, EmbeddingSize = 6 });
        var actual = CatalogueChips.Descriptor(net, input);

        output.WriteLine($"onnx {string.Join(", ", expected.Select(v => v.ToString("F5", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.Contains(expected, v => Math.Abs(v) > 1); // not a constant output that any graph would match
        var scale = Math.Max(1, expected.Max(MathF.Abs));
        Assert.True(FaceApiRef.MaxAbsDiff(expected, actual) <= 1e-5 * scale, $"max |diff| {FaceApiRef.MaxAbsDiff(expected, actual)}, scale {scale}");
    }
}

using FacePortal.Engine.Robustness;
using FacePortal.Tests.Engine.Models;
using FacePortal.Tests.TestSupport;
using TorchSharp;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Robustness;

[Trait("Category", "Torch")]
public class FaceRecognitionTorchNetTests(ITestOutputHelper output)
{
    [FaceApiGoldenFact]
    public void Forward_GoldenCrops_MatchesOnnxDescriptors()
    {
        var crops = TorchChips.Crops();
        Assert.NotEmpty(crops);
        var worst = 0.0;
        foreach (var (name, chip) in crops)
        {
            var onnx = ConvertedModels.Run(ConvertedModels.Recognition, chip, 1, FaceRecognitionTorchNet.InputSize);
            var torchDescriptor = TorchChips.Descriptor(TorchChips.Net, chip);
            var diff = FaceApiRef.MaxAbsDiff(onnx, torchDescriptor);
            output.WriteLine($"{name}: max |torch - onnx| = {diff:E2}");
            worst = Math.Max(worst, diff);
        }
        Assert.True(worst <= 1e-4, $"max |diff| {worst}");
    }

    [FaceApiGoldenFact]
    public void InputGradient_MatchesCentralFiniteDifferences()
    {
        // Float64 so the finite differences measure the gradient, not rounding.
        using var net = TorchChips.NewNet(torch.ScalarType.Float64);
        var chip = TorchChips.Crops()[0].Chip;
        var weights = Enumerable.Range(0, 128).Select(i => Math.Sin(i * 0.37)).ToArray();
        var x0 = chip.Select(v => (double)v).ToArray();
        long[] shape = [1, FaceRecognitionTorchNet.InputSize, FaceRecognitionTorchNet.InputSize, 3];
        double F(double[] c)
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            return (net.Forward(torch.tensor(c, shape)) * torch.tensor(weights, [1, 128])).sum().ToDouble();
        }

        double[] analytic;
        using (var scope = torch.NewDisposeScope())
        {
            var x = torch.tensor(x0, shape).requires_grad_(true);
            var f = (net.Forward(x) * torch.tensor(weights, [1, 128])).sum();
            analytic = torch.autograd.grad([f], [x])[0].data<double>().ToArray();
        }

        const double h = 1e-3;
        foreach (var index in new[] { 3 * (75 * 150 + 75), 3 * (40 * 150 + 60) + 1, 3 * (100 * 150 + 90) + 2, 3 * (20 * 150 + 130) })
        {
            var plus = (double[])x0.Clone();
            var minus = (double[])x0.Clone();
            plus[index] += h;
            minus[index] -= h;
            var numeric = (F(plus) - F(minus)) / (2 * h);
            output.WriteLine($"pixel {index}: analytic {analytic[index]:E6}, numeric {numeric:E6}");
            Assert.True(Math.Abs(analytic[index]) > 1e-9, "a zero gradient would make the check vacuous");
            Assert.True(Math.Abs(analytic[index] - numeric) <= 1e-4 * Math.Abs(analytic[index]) + 1e-9,
                $"pixel {index}: analytic {analytic[index]} vs numeric {numeric}");
        }
    }
}

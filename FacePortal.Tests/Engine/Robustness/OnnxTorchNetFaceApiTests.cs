using System.Diagnostics;
using FacePortal.Engine.Models;
using FacePortal.Engine.Models.Converters;
using FacePortal.Engine.Onnx;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Robustness;
using FacePortal.Tests.Engine.Models;
using FacePortal.Tests.TestSupport;
using TorchSharp;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Robustness;

/// <summary>face-api's ONNX graph through the interpreter against its hand-built Torch twin: same descriptors, and what the generality costs.</summary>
[Trait("Category", "Torch")]
public class OnnxTorchNetFaceApiTests(ITestOutputHelper output)
{
    private static OnnxTorchNet Interpreted() =>
        new(OnnxGraphReader.Read(FaceRecognitionNetConverter.Convert(ConvertedModels.Weights(FaceApiModel.FaceRecognition))), EmbeddingModelOptions.FaceApi);

    [FaceApiGoldenFact]
    public void Forward_FaceApiGraph_MatchesTheHandBuiltTwin()
    {
        using var net = Interpreted();
        var worst = 0.0;
        foreach (var (name, chip) in TorchChips.Crops())
        {
            var diff = FaceApiRef.MaxAbsDiff(TorchChips.Descriptor(TorchChips.Net, chip), CatalogueChips.Descriptor(net, chip));
            output.WriteLine($"{name}: max |interpreted - twin| = {diff:E2}");
            worst = Math.Max(worst, diff);
        }
        Assert.True(worst <= 1e-4, $"max |diff| {worst}");
    }

    /// <summary>Forward + input gradient of one chip, median of 7 after a warm-up, interpreter / twin in the same process.</summary>
    [FaceApiGoldenFact]
    [Trait("Category", "Benchmark")]
    public void Gradient_Interpreter_CostAgainstTheTwin()
    {
        using var net = Interpreted();
        var chip = TorchChips.Crops()[0].Chip;
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        double Median(IRecognitionTorchNet n)
        {
            var attack = new FaceAttack(n);
            var reference = new float[n.DescriptorLength];
            var times = new List<double>();
            for (var i = 0; i < 8; i++)
            {
                var clock = Stopwatch.StartNew();
                using (var scope = torch.NewDisposeScope())
                {
                    attack.Gradient(n.Input(chip), torch.tensor(reference, [1, n.DescriptorLength]));
                }
                if (i > 0)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
            return times.Order().ElementAt(times.Count / 2);
        }
        var twin = Median(TorchChips.Net);
        var interpreted = Median(net);
        output.WriteLine($"BENCH interpreter gradient: twin {twin:F0} ms, interpreted {interpreted:F0} ms, ratio {interpreted / twin:F2} (load {load})");
        Assert.True(interpreted > 0 && twin > 0);
    }
}

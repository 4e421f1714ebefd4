using FacePortal.Engine;
using FacePortal.Engine.Models.Catalogue;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Robustness;
using FacePortal.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;

namespace FacePortal.Tests.Engine.Robustness;

/// <summary>
/// The catalogue models as the engine loads them (fetched, imported to ONNX), their pipelines without flip (so a
/// descriptor is one ONNX run), LFW chips cut by each model's own alignment, and their ONNX graphs interpreted in Torch.
/// </summary>
internal static class CatalogueChips
{
    /// <summary>Two photos of one person, then another person.</summary>
    public static readonly string[] Images = ["Abdullah_Gul/Abdullah_Gul_0001.jpg", "Abdullah_Gul/Abdullah_Gul_0002.jpg", "Aaron_Eckhart/Aaron_Eckhart_0001.jpg"];

    public static IEnumerable<string> Names => ModelCatalogue.All.Select(m => m.Name);

    private static readonly Lazy<FaceEngine> LazyEngine = new(() =>
    {
        _ = HumanModelsPackage.Directory;
        var options = new FaceEngineOptions { Models = FaceApiPackage.Options, CatalogueModels = [.. Names] };
        return FaceEngine.CreateAsync(options, NullLoggerFactory.Instance, null, CancellationToken.None).GetAwaiter().GetResult();
    });

    private static readonly Dictionary<string, OnnxTorchNet> Nets = [];

    public static FaceEngine Engine => LazyEngine.Value;

    public static FacePipeline Pipeline(string model) =>
        Engine.CreatePipeline(Engine.Options.Pipeline with { RecognitionModel = model, FlipAugmentation = false });

    public static OnnxTorchNet Net(string model)
    {
        lock (Nets)
        {
            if (!Nets.TryGetValue(model, out var net))
            {
                Nets[model] = net = OnnxTorchNet.Load(Engine.Options.FindModel(model));
            }
            return net;
        }
    }

    public static OnnxTorchNet NewNet(string model, torch.ScalarType dtype) => OnnxTorchNet.Load(Engine.Options.FindModel(model), dtype);

    /// <summary>The model's chips of <see cref="Images"/>, HWC RGB 0..255.</summary>
    public static float[][] Chips(string model)
    {
        var pipeline = Pipeline(model);
        var images = Images.Select(f => Engine.Decoder.DecodeFile(Path.Combine(SharedData.LfwImages, f))).ToList();
        var faces = pipeline.Analyze(images, FaceSelection.Primary, CancellationToken.None);
        return [.. images.Select((image, i) => pipeline.Align(image, faces[i].Primary!.Landmarks!))];
    }

    public static float[] Descriptor(IRecognitionTorchNet net, float[] chip)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        return net.Forward(net.Input(chip)).to_type(torch.ScalarType.Float32).data<float>().ToArray();
    }
}

using FacePortal.Engine.Imaging;
using FacePortal.Engine.Models;
using FacePortal.Engine.Robustness;
using FacePortal.Tests.Engine.Models;
using FacePortal.Tests.TestSupport;
using TorchSharp;

namespace FacePortal.Tests.Engine.Robustness;

/// <summary>The golden crops as 150x150 chips, and the Torch net built once per run from face-api's weights.</summary>
internal static class TorchChips
{
    private const int Size = FaceRecognitionTorchNet.InputSize;
    private static readonly Lazy<FaceRecognitionTorchNet> LazyNet =
        new(() => new FaceRecognitionTorchNet(ConvertedModels.Weights(FaceApiModel.FaceRecognition)));

    public static FaceRecognitionTorchNet Net => LazyNet.Value;

    public static FaceRecognitionTorchNet NewNet(torch.ScalarType dtype) =>
        new(ConvertedModels.Weights(FaceApiModel.FaceRecognition), dtype);

    public static IReadOnlyList<(string Name, float[] Chip)> Crops() =>
        FaceApiRef.GoldenFiles("crop-*.json").Select(f => (f, Load(f))).ToList();

    public static float[] Descriptor(FaceRecognitionTorchNet net, float[] chip)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        return net.Forward(net.Input(chip)).to_type(torch.ScalarType.Float32).data<float>().ToArray();
    }

    public static double Distance(float[] a, float[] b) =>
        Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());

    private static float[] Load(string file)
    {
        using var golden = FaceApiRef.Golden(file);
        var image = golden.RootElement.GetProperty("image");
        var png = FaceApiRef.LoadImage(Path.Combine(FaceApiRef.RefFolder, image.GetProperty("source").GetString()!));
        var input = new float[Size * Size * 3];
        FaceApiResize.CropPadResize(png, png.Bounds, SquarePad.Centred, Size, input);
        return input;
    }
}

using FacePortal.Engine.Imaging;
using FacePortal.Engine.Models.Converters;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Models;

public class FaceRecognitionNetConverterTests(ITestOutputHelper output)
{
    private const int Size = FaceRecognitionNetConverter.InputSize;

    [FaceApiGoldenFact]
    public void Convert_SyntheticInput_MatchesFaceApiDescriptor()
    {
        using var golden = FaceApiRef.Golden("synthetic.json");
        Assert.Equal(Size, golden.RootElement.GetProperty("width").GetInt32());
        var expected = FaceApiRef.Floats(golden.RootElement.GetProperty("descriptor"));
        var input = new float[Size * Size * 3];
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    input[(y * Size + x) * 3 + c] = (x * 7 + y * 13 + c * 29) % 256;
                }
            }
        }

        var actual = ConvertedModels.Run(ConvertedModels.Recognition, input, 1, Size);

        var diff = FaceApiRef.MaxAbsDiff(expected, actual);
        output.WriteLine($"synthetic descriptor max |diff| = {diff:E2}");
        Assert.Equal(FaceRecognitionNetConverter.DescriptorLength, actual.Length);
        Assert.True(diff <= 1e-4, $"max |diff| {diff}");
    }

    [FaceApiGoldenFact]
    public void Convert_GoldenPngCrops_MatchFaceApiDescriptors()
    {
        var files = FaceApiRef.GoldenFiles("crop-*.json").ToList();
        Assert.NotEmpty(files);
        var worst = 0.0;
        foreach (var file in files)
        {
            var (expected, input) = LoadCrop(file);
            var actual = ConvertedModels.Run(ConvertedModels.Recognition, input, 1, Size);
            var diff = FaceApiRef.MaxAbsDiff(expected, actual);
            output.WriteLine($"{file}: max |diff| = {diff:E2}");
            worst = Math.Max(worst, diff);
        }
        output.WriteLine($"worst over {files.Count} crops: {worst:E2}");
        Assert.True(worst <= 1e-4, $"max |diff| {worst}");
    }

    [FaceApiGoldenFact]
    public void Convert_BatchOfEight_EqualsEightSingleRuns()
    {
        var crops = FaceApiRef.GoldenFiles("crop-*.json").Take(8).Select(f => LoadCrop(f).Input).ToList();
        Assert.Equal(8, crops.Count);
        var batch = crops.SelectMany(c => c).ToArray();

        var batched = ConvertedModels.Run(ConvertedModels.Recognition, batch, crops.Count, Size);

        var worst = 0.0;
        for (var i = 0; i < crops.Count; i++)
        {
            var single = ConvertedModels.Run(ConvertedModels.Recognition, crops[i], 1, Size);
            worst = Math.Max(worst, FaceApiRef.MaxAbsDiff(single, batched.AsSpan(i * 128, 128).ToArray()));
        }
        output.WriteLine($"batch vs single max |diff| = {worst:E2}");
        Assert.True(worst <= 1e-6, $"max |diff| {worst}");
    }

    [Fact]
    public void Convert_MissingTensor_ThrowsNamingIt()
    {
        var weights = FaceApiRef.Weights("tiny_face_detector_model");

        var ex = Assert.Throws<InvalidDataException>(() => FaceRecognitionNetConverter.Convert(weights));

        Assert.Contains("conv32_down/conv/filters", ex.Message);
    }

    private static (float[] Expected, float[] Input) LoadCrop(string file)
    {
        using var golden = FaceApiRef.Golden(file);
        var image = golden.RootElement.GetProperty("image");
        var png = FaceApiRef.LoadImage(Path.Combine(FaceApiRef.RefFolder, image.GetProperty("source").GetString()!));
        var input = new float[Size * Size * 3];
        FaceApiResize.CropPadResize(png, png.Bounds, SquarePad.Centred, Size, input);
        return (FaceApiRef.Floats(image.GetProperty("descriptor")), input);
    }
}

using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Models;
using FacePortal.Engine.Models.Converters;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Runtime;
using FacePortal.Tests.Engine.Models;
using FacePortal.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FacePortal.Tests.Engine.Pipeline;

/// <summary>The any-size detector graph: face-api's outputs at any fixed size, and any multiple of 32 on either side.</summary>
public class TinyFaceDetectorTests
{
    private static readonly Lazy<OnnxNetwork> AnySize = new(() => new OnnxNetwork(
        new InferenceSession(TinyFaceDetectorConverter.ConvertAnySize(ConvertedModels.Weights(FaceApiModel.TinyFaceDetector))), "tiny_face_detector", "CPU", [416, 416, 3]));

    [Theory]
    [InlineData(224)]
    [InlineData(416)]
    public void ConvertAnySize_AtAFixedSize_GivesTheFixedSizeGraphsOutput(int size)
    {
        var image = FaceApiRef.LoadDemo("sample1.jpg");
        var input = new float[size * size * 3];
        FaceApiResize.CropPadResize(image, image.Bounds, SquarePad.BottomRight, size, input);
        using var fixedSize = new InferenceSession(TinyFaceDetectorConverter.Convert(ConvertedModels.Weights(FaceApiModel.TinyFaceDetector), size));

        var expected = ConvertedModels.Run(fixedSize, input, 1, size);
        var actual = AnySize.Value.Run(input, 1, [size, size, 3], CancellationToken.None)[0];

        Assert.Equal(expected.Length, actual.Length);
        var maxDiff = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff <= 1e-4, $"max |diff| {maxDiff}");
    }

    [Fact]
    public void ConvertAnySize_NonSquareInput_GivesTheGridOfEachSide()
    {
        using var session = new InferenceSession(TinyFaceDetectorConverter.ConvertAnySize(ConvertedModels.Weights(FaceApiModel.TinyFaceDetector)));
        var input = new DenseTensor<float>(new float[2 * 256 * 416 * 3], [2, 256, 416, 3]);

        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);

        Assert.Equal([2, 8, 13, 25], results.Single().AsTensor<float>().Dimensions.ToArray());
    }

    [TrackingPngFact]
    public void Detect_FaceApiInput_MatchesFaceApisTinyBoxes()
    {
        using var golden = FaceApiRef.Golden("tracking-faces-png.json");
        var expected = golden.RootElement.GetProperty("image").GetProperty("tiny").EnumerateArray().ToList();
        var detector = new TinyFaceDetector(AnySize.Value, DetectorInput.FaceApi, 4);

        var ours = detector.Detect([FaceApiRef.LoadImage(TrackingPngFactAttribute.PngPath)], 0.5, CancellationToken.None)[0];

        Assert.Equal(expected.Count, ours.Length);
        for (var i = 0; i < ours.Length; i++)
        {
            var e = expected[i];
            var b = ours[i].Box;
            var worst = new[] { b.X - e.GetProperty("x").GetDouble(), b.Y - e.GetProperty("y").GetDouble(), b.Width - e.GetProperty("w").GetDouble(), b.Height - e.GetProperty("h").GetDouble() }.Max(Math.Abs);
            Assert.True(worst <= 1e-3, $"face {i}: {worst} px");
        }
    }
}

using FacePortal.Engine.Models.Converters;
using FacePortal.Engine.Models.Tfjs;
using FacePortal.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;

namespace FacePortal.Tests.Engine.Models;

public class TfjsGraphTests
{
    [Theory]
    // 2x2/2 on odd 207 -> 104 outputs need 1 extra pixel: TF puts it at the bottom/right.
    [InlineData(207, 2, 2, 0, 1)]
    [InlineData(414, 2, 2, 0, 0)]
    // 2x2/1 keeps 13 -> 13: one pixel at the bottom/right.
    [InlineData(13, 2, 1, 0, 1)]
    // 3x3/2 on even 112 -> 56: (56-1)*2 + 3 - 112 = 1, all of it after.
    [InlineData(112, 3, 2, 0, 1)]
    // 3x3/2 on odd 7 -> 4: (4-1)*2 + 3 - 7 = 2, one each side.
    [InlineData(7, 3, 2, 1, 1)]
    [InlineData(56, 3, 1, 1, 1)]
    public void SamePads_TfSameRule_PutsTheOddPixelAfter(int size, int kernel, int stride, long before, long after)
    {
        Assert.Equal([before, before, after, after], TfjsGraph.SamePads(size, kernel, stride));
    }

    [Fact]
    public void Convert_TensorWithWrongShape_ThrowsNamingBothShapes()
    {
        var folder = Directory.CreateTempSubdirectory("tfjs-wrong-shape");
        try
        {
            // A one-tensor manifest whose conv0/filters has 8 output channels instead of 16.
            File.WriteAllText(Path.Combine(folder.FullName, "m-weights_manifest.json"),
                """[{"paths":["m.bin"],"weights":[{"name":"conv0/filters","shape":[3,3,3,8],"dtype":"float32"}]}]""");
            File.WriteAllBytes(Path.Combine(folder.FullName, "m.bin"), new byte[3 * 3 * 3 * 8 * 4]);
            var weights = TfjsWeights.Load(Path.Combine(folder.FullName, "m-weights_manifest.json"));

            var ex = Assert.Throws<InvalidDataException>(() => TinyFaceDetectorConverter.Convert(weights));

            Assert.Contains("conv0/filters", ex.Message);
            Assert.Contains("[3,3,3,8]", ex.Message);
            Assert.Contains("[3,3,3,16]", ex.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Convert_InputSizeNotMultipleOf32_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TinyFaceDetectorConverter.Convert(null!, 400));
    }

    [Fact]
    public void Convert_AllThreeNets_DeclareInputOutputAndMetadata()
    {
        (InferenceSession Session, string Output, int Size, int[] OutDims)[] nets =
        [
            (ConvertedModels.Recognition, "descriptor", 150, [-1, 128]),
            (ConvertedModels.Landmarks, "landmarks", 112, [-1, 136]),
            (ConvertedModels.Tiny416, "output", 416, [-1, 13, 13, 25]),
        ];
        foreach (var (session, output, size, outDims) in nets)
        {
            var input = Assert.Single(session.InputMetadata);
            Assert.Equal("input", input.Key);
            Assert.Equal([-1, size, size, 3], input.Value.Dimensions);
            var result = Assert.Single(session.OutputMetadata);
            Assert.Equal(output, result.Key);
            Assert.Equal(outDims, result.Value.Dimensions);
            var meta = session.ModelMetadata.CustomMetadataMap;
            Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), meta["input_size"]);
            Assert.StartsWith("@vladmandic/face-api 1.7.15", meta["source"]);
        }
    }
}

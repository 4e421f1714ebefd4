using FacePortal.Engine.Models;
using FacePortal.Engine.Models.Adapted;
using FacePortal.Engine.Models.Converters;
using FacePortal.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FacePortal.Tests.Engine.Onnx;

public class OnnxHeadSplicerTests
{
    private static ProjectionHead RandomHead(int seed, params int[] sizes)
    {
        var random = new Random(seed);
        var layers = new List<DenseLayer>();
        for (var l = 0; l + 1 < sizes.Length; l++)
        {
            layers.Add(new DenseLayer(sizes[l], sizes[l + 1],
                [.. Enumerable.Range(0, sizes[l] * sizes[l + 1]).Select(_ => (float)(random.NextDouble() - 0.5))],
                [.. Enumerable.Range(0, sizes[l + 1]).Select(_ => (float)(random.NextDouble() - 0.5) * 0.1f)]));
        }
        return new ProjectionHead(layers);
    }

    private static (float[] Chip, int Batch) RandomChips(int batch)
    {
        var random = new Random(5);
        return ([.. Enumerable.Range(0, batch * 150 * 150 * 3).Select(_ => (float)random.Next(256))], batch);
    }

    [Theory]
    [InlineData(new[] { 128, 64 })]
    [InlineData(new[] { 128, 96, 32 })]
    public void AppendTo_FaceApiRecognitionNet_AnswersTheHeadOfTheBaseDescriptor(int[] sizes)
    {
        var baseModel = FaceRecognitionNetConverter.Convert(ConvertedModels.Weights(FaceApiModel.FaceRecognition));
        var head = RandomHead(3, sizes);
        using var adapted = new InferenceSession(head.AppendTo(baseModel));
        var (chips, batch) = RandomChips(2);

        var baseOut = ConvertedModels.Run(ConvertedModels.Recognition, chips, batch, 150);
        using var results = adapted.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(chips, [batch, 150, 150, 3]))]);
        var output = results.Single();
        var y = output.AsTensor<float>();

        Assert.Equal("fp_adapt_descriptor", output.Name);
        Assert.Equal([batch, sizes[^1]], y.Dimensions.ToArray());
        var flat = y.ToArray();
        for (var n = 0; n < batch; n++)
        {
            var expected = head.Apply(baseOut.AsSpan(n * 128, 128));
            var got = flat.AsSpan(n * sizes[^1], sizes[^1]).ToArray();
            Assert.Equal(1.0, Math.Sqrt(got.Sum(v => (double)v * v)), 4);
            Assert.All(expected.Zip(got), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5, $"{p.First} vs {p.Second}"));
        }
    }

    [Fact]
    public void Append_NotAnOnnxModel_SaysSo()
    {
        var e = Assert.Throws<InvalidDataException>(() => RandomHead(1, 4, 2).AppendTo([0x0A, 0x50, 0x01]));
        Assert.Contains("protobuf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NonFiniteWeights_AreRefusedBeforeExport()
    {
        var head = new ProjectionHead([new DenseLayer(2, 2, [1, float.NaN, 0, 1], [0, 0])]);
        Assert.Throws<ArgumentException>(head.Check);
    }
}

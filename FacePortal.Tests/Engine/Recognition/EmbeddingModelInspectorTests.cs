using FacePortal.Engine.Models;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Runtime;
using Microsoft.ML.OnnxRuntime;
using static FacePortal.Tests.Engine.Recognition.TinyEmbeddingModel;

namespace FacePortal.Tests.Engine.Recognition;

public class EmbeddingModelInspectorTests
{
    private const string Settings = "FacePortal:Engine:EmbeddingModels:0";

    private static EmbeddingModelOptions Arcface(int size = 112, int embedding = 16) => new()
    {
        Name = "tiny", Path = "tiny.onnx", InputSize = size, Layout = TensorLayout.Nchw,
        Mean = [127.5f, 127.5f, 127.5f], Std = [128, 128, 128], EmbeddingSize = embedding, Metric = DistanceMetric.Cosine,
    };

    [Theory]
    [InlineData(BatchKind.Dynamic, null)]
    [InlineData(BatchKind.FixedOne, 1)]
    [InlineData(BatchKind.DynamicButReshapesToOne, 1)]
    public void Inspect_BatchDeclarations_BatchWhenDynamicOneAtATimeOtherwise(BatchKind kind, int? expected)
    {
        using var session = new InferenceSession(Build(kind));

        var shape = EmbeddingModelInspector.Inspect(session, Arcface(), Settings);

        Assert.Equal(expected, shape.FixedBatch);
        Assert.Equal([3, 112, 112], shape.ItemShape);
        Assert.Equal(16, shape.EmbeddingSize);
    }

    [Fact]
    public void Inspect_WrongEmbeddingSize_NamesTheSettingAndTheModelsSize()
    {
        using var session = new InferenceSession(Build(BatchKind.FixedOne, embeddingSize: 128));

        var e = Assert.Throws<ModelUnavailableException>(() => EmbeddingModelInspector.Inspect(session, Arcface(embedding: 512), Settings));

        Assert.Contains("FacePortal:Engine:EmbeddingModels:0:EmbeddingSize is 512", e.Message);
        Assert.Contains("returns 128 values per face", e.Message);
    }

    [Fact]
    public void Inspect_WrongInputSize_NamesTheSettingAndTheModelsSize()
    {
        using var session = new InferenceSession(Build(BatchKind.FixedOne, 128, 128));

        var e = Assert.Throws<ModelUnavailableException>(() => EmbeddingModelInspector.Inspect(session, Arcface(112), Settings));

        Assert.Contains("FacePortal:Engine:EmbeddingModels:0:InputSize is 112", e.Message);
        Assert.Contains("expects an input height of 128", e.Message);
    }

    [Fact]
    public void Inspect_ExplicitWidthWrong_NamesInputWidth()
    {
        using var session = new InferenceSession(Build(BatchKind.Dynamic, 128, 112));

        var e = Assert.Throws<ModelUnavailableException>(() =>
            EmbeddingModelInspector.Inspect(session, Arcface() with { InputWidth = 112, InputHeight = 112 }, Settings));

        Assert.Contains("FacePortal:Engine:EmbeddingModels:0:InputWidth is 112 but model 'tiny' (tiny.onnx) expects an input width of 128", e.Message);
    }

    [Fact]
    public void Inspect_LayoutWrong_NamesLayout()
    {
        using var session = new InferenceSession(Build(BatchKind.FixedOne));

        var e = Assert.Throws<ModelUnavailableException>(() => EmbeddingModelInspector.Inspect(session, Arcface() with { Layout = TensorLayout.Nhwc }, Settings));

        Assert.Contains("EmbeddingModels:0:Layout is Nhwc but model 'tiny' (tiny.onnx) expects Nchw input [1,3,112,112]", e.Message);
    }

    [Fact]
    public void Embed_FixedBatchModel_SameDescriptorsAsTheDynamicOneInBatchesOf32()
    {
        var options = Arcface();
        using var fixedSession = new InferenceSession(Build(BatchKind.FixedOne));
        using var dynamicSession = new InferenceSession(Build(BatchKind.Dynamic));
        var fixedShape = EmbeddingModelInspector.Inspect(fixedSession, options, Settings);
        var dynamicShape = EmbeddingModelInspector.Inspect(dynamicSession, options, Settings);
        using var fixedNet = new OnnxNetwork(fixedSession, "fixed", "CPU", fixedShape.ItemShape, fixedShape.FixedBatch);
        using var dynamicNet = new OnnxNetwork(dynamicSession, "dynamic", "CPU", dynamicShape.ItemShape, dynamicShape.FixedBatch);
        var random = new Random(3);
        var chips = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, 112 * 112 * 3).Select(_ => (float)random.Next(256)).ToArray()).ToList();

        var one = new FaceEmbedder(fixedNet, options, 32).Embed(chips, CancellationToken.None);
        var many = new FaceEmbedder(dynamicNet, options, 32).Embed(chips, CancellationToken.None);

        Assert.Equal(5, one.Length);
        for (var i = 0; i < chips.Count; i++)
        {
            Assert.Equal(many[i], one[i], (a, b) => Math.Abs(a - b) < 1e-4f);
        }
        Assert.NotEqual(one[0], one[1]);
    }
}

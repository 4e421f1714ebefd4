using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Models;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Engine.Recognition;

public sealed class ModelProbeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fp-probe-" + Guid.NewGuid().ToString("N"));

    private static OnnxSessionFactory Sessions() => new(new OnnxRuntimeOptions(), NullLogger<OnnxSessionFactory>.Instance);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(TinyEmbeddingModel.BatchKind.FixedOne, 1)]
    [InlineData(TinyEmbeddingModel.BatchKind.Dynamic, null)]
    [InlineData(TinyEmbeddingModel.BatchKind.DynamicButReshapesToOne, 1)]
    public void Open_TinyModel_ReadsSizeLayoutBatchAndEmbeddingFromTheFile(TinyEmbeddingModel.BatchKind batch, int? fixedBatch)
    {
        var path = TinyEmbeddingModel.Write(_folder, "tiny", batch, width: 96, height: 112, embeddingSize: 24);

        using var probe = ModelProbe.Open(path, Sessions());

        Assert.Equal((96, 112, TensorLayout.Nchw, 24), (probe.Options.Width, probe.Options.Height, probe.Options.Layout, probe.Options.EmbeddingSize));
        Assert.Equal(fixedBatch, probe.Shape.FixedBatch);
        Assert.Equal(ModelAlignment.ArcFace, probe.Options.Alignment); // a non-square input has no dlib chip
        var embedder = probe.CreateEmbedder(probe.Options with { ChannelOrder = "BGR", Mean = [127.5f, 127.5f, 127.5f], Std = [128, 128, 128] }, 8);
        var chips = Enumerable.Range(0, 3).Select(i => Enumerable.Repeat((float)(i * 40), 96 * 112 * 3).ToArray()).ToList();
        var descriptors = embedder.Embed(chips, CancellationToken.None);
        Assert.All(descriptors, d => Assert.Equal(24, d.Length));
        Assert.NotEqual(descriptors[0], descriptors[2]);
    }

    [Fact]
    public void Open_NotAModel_IsRefusedWithAClearMessage()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "garbage.onnx");
        File.WriteAllBytes(path, [1, 2, 3, 4]);

        var e = Assert.Throws<ModelUnavailableException>(() => ModelProbe.Open(path, Sessions()));
        Assert.Contains("cannot load", e.Message);
        Assert.Throws<ModelUnavailableException>(() => ModelProbe.Open(Path.Combine(_folder, "absent.onnx"), Sessions()));
    }

    [Fact]
    public void CreateEmbedder_AnotherInputSize_Throws()
    {
        using var probe = ModelProbe.Open(TinyEmbeddingModel.Write(_folder, "tiny", TinyEmbeddingModel.BatchKind.Dynamic), Sessions());
        Assert.Throws<ArgumentException>(() => probe.CreateEmbedder(probe.Options with { InputSize = 128 }, 4));
    }

    [Fact]
    public void Preprocessings_SquareModel_EveryChannelOrderMeanStdAndAlignment()
    {
        var model = new EmbeddingModelOptions { Name = "m", Path = "m.onnx", InputSize = 112, Layout = TensorLayout.Nchw, EmbeddingSize = 512 };

        var variants = ModelChecker.Preprocessings(model);

        Assert.Equal(16, variants.Count);
        Assert.Equal(16, variants.Select(v => v.Signature).Distinct().Count());
        Assert.Contains(variants, v => v is { ChannelOrder: "BGR", Alignment: ModelAlignment.ArcFace } && v.MeanOrDefault[0] == 127.5f && v.StdOrDefault[0] == 128);
        Assert.All(variants, v => v.Validate());
        Assert.Equal(8, ModelChecker.Preprocessings(model with { InputHeight = 128 }).Count);
    }

    [Fact]
    public void Sample_FirstFold_ThenASeededBalancedPart()
    {
        var pairs = Enumerable.Range(0, 40).Select(i => new VerificationPair($"a{i}", $"b{i}", i % 2 == 0, i / 20)).ToList();

        Assert.Equal(20, ModelChecker.Sample(pairs, 600).Count);
        Assert.All(ModelChecker.Sample(pairs, 600), p => Assert.Equal(0, p.Fold));
        var part = ModelChecker.Sample(pairs, 8, seed: 3);
        Assert.Equal(8, part.Count);
        Assert.Equal(4, part.Count(p => p.Same));
        Assert.Equal(part, ModelChecker.Sample(pairs, 8, seed: 3));
        Assert.NotEqual(part, ModelChecker.Sample(pairs, 8, seed: 4));
    }
}

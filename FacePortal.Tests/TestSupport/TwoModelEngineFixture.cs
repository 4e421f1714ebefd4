using FacePortal.Engine;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.Engine.Recognition;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// An engine with a second, real embedding model beside face-api: a small ONNX model written by our own ONNX writer
/// (<see cref="TinyEmbeddingModel"/>: 112x112 NCHW, ArcFace five-point alignment, 16-d, cosine), so descriptors of two
/// models with two signatures, sizes and metrics live side by side. Shared by the "two-models" collection; the
/// "two-models, fixed batch" collection (<see cref="FixedBatchTwoModelEngineFixture"/>) has the same model with its
/// batch dimension fixed at 1, as most ArcFace / InsightFace exports have it.
/// </summary>
public class TwoModelEngineFixture : IAsyncLifetime
{
    public const string SecondModel = "tiny-arcface";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fp-two-models-" + Guid.NewGuid().ToString("N"));

    public TwoModelEngineFixture()
        : this(TinyEmbeddingModel.BatchKind.Dynamic)
    {
    }

    protected TwoModelEngineFixture(TinyEmbeddingModel.BatchKind batch)
    {
        var path = TinyEmbeddingModel.Write(_folder, SecondModel, batch);
        Options = new FaceEngineOptions
        {
            Models = FaceApiPackage.Options,
            EmbeddingModels =
            [
                new EmbeddingModelOptions
                {
                    Name = SecondModel, Path = path, InputSize = 112, Layout = TensorLayout.Nchw, Mean = [127.5f, 127.5f, 127.5f], Std = [128, 128, 128],
                    EmbeddingSize = 16, Metric = DistanceMetric.Cosine, Alignment = ModelAlignment.ArcFace, Threshold = 0.3,
                },
            ],
        };
        Host = new FaceEngineHost(Microsoft.Extensions.Options.Options.Create(Options), NullLoggerFactory.Instance);
    }

    public FaceEngineOptions Options { get; }

    public FaceEngineHost Host { get; }

    public FaceEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Host.StartAsync(CancellationToken.None);
        Engine = await Host.GetAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Host.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class TwoModelEngineCollection : ICollectionFixture<TwoModelEngineFixture>
{
    public const string Name = "two-models";
}

/// <summary>The same two models, the second with its batch dimension fixed at 1: the engine runs it one face at a time.</summary>
public sealed class FixedBatchTwoModelEngineFixture() : TwoModelEngineFixture(TinyEmbeddingModel.BatchKind.FixedOne);

[CollectionDefinition(Name)]
public sealed class FixedBatchTwoModelEngineCollection : ICollectionFixture<FixedBatchTwoModelEngineFixture>
{
    public const string Name = "two-models, fixed batch";
}

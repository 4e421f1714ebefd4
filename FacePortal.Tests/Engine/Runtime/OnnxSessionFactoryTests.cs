using FacePortal.Engine.Onnx;
using FacePortal.Engine.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Engine.Runtime;

public sealed class OnnxSessionFactoryTests : IDisposable
{
    private readonly string _model = Path.Combine(Path.GetTempPath(), $"fp-relu-{Guid.NewGuid():N}.onnx");

    public OnnxSessionFactoryTests()
    {
        var g = new OnnxGraphBuilder("relu");
        var x = g.Input("x", OnnxDim.Batch, 4);
        g.Node("Relu", [x], "y");
        g.Output("y", OnnxDim.Batch, 4);
        File.WriteAllBytes(_model, g.ToModelBytes());
    }

    public void Dispose() => File.Delete(_model);

    [Fact]
    public void Create_CudaAskedForOnTheCpuBuild_FallsBackToCpuAndSaysWhy()
    {
        var factory = new OnnxSessionFactory(new OnnxRuntimeOptions { ExecutionProvider = ExecutionProviderPreference.Cuda }, NullLogger<OnnxSessionFactory>.Instance);

        using var session = factory.Create(_model);
        using var network = new OnnxNetwork(session, "relu", factory.ActiveProvider);
        var y = network.Run([-1, 2, -3, 4], 1, CancellationToken.None)[0];

        Assert.Equal("CPU", factory.ActiveProvider);
        Assert.Contains("FacePortalGpu", factory.FallbackReason);
        Assert.Equal([0f, 2f, 0f, 4f], y);
    }

    [Fact]
    public void Create_CpuAskedFor_GivesNoFallbackReason()
    {
        var factory = new OnnxSessionFactory(new OnnxRuntimeOptions { ExecutionProvider = ExecutionProviderPreference.Cpu }, NullLogger<OnnxSessionFactory>.Instance);

        using var session = factory.Create(_model);

        Assert.Equal("CPU", factory.ActiveProvider);
        Assert.Null(factory.FallbackReason);
    }

    [Fact]
    public void Run_CancelledToken_Throws()
    {
        var factory = new OnnxSessionFactory(new OnnxRuntimeOptions(), NullLogger<OnnxSessionFactory>.Instance);
        using var network = new OnnxNetwork(factory.Create(_model), "relu", factory.ActiveProvider);

        Assert.Throws<OperationCanceledException>(() => network.Run([1, 2, 3, 4], 1, new CancellationToken(canceled: true)));
    }
}

using Bunit;
using FacePortal.Engine;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.Engine.Models;
using FacePortal.Tests.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Models;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Web.Features.Models;

public class EngineStatusTests
{
    private static BunitContext Context()
    {
        return PortalTestContext.Create();
    }

    [Fact]
    public async Task Render_EngineThatCannotStart_ShowsTheReason()
    {
        await using var ctx = Context();
        // npm cannot be started and no offline folder is set: the engine fails with a message that says what to do.
        var options = new FaceEngineOptions
        {
            Models = new() { ModelsDirectory = Path.Combine(Path.GetTempPath(), "fp-nomodels-" + Guid.NewGuid().ToString("N")), NpmCommand = "/nonexistent/npm" },
        };
        using var host = new FaceEngineHost(Microsoft.Extensions.Options.Options.Create(options), NullLoggerFactory.Instance);
        await host.StartAsync(CancellationToken.None);
        await Assert.ThrowsAnyAsync<Exception>(() => host.GetAsync(CancellationToken.None));

        var cut = ctx.Render<EngineStatus>(p => p.Add(c => c.Host, host));

        Assert.Equal(EngineState.Failed, host.State);
        var alert = cut.Find("[data-testid=engine-failed]");
        Assert.Contains("npm", alert.TextContent);
    }

    [FaceApiWeightsFact]
    public async Task Render_ModelWithAnotherEmbeddingSize_PortalKeepsRunningAndNamesTheSettingToChange()
    {
        await using var ctx = Context();
        var folder = Path.Combine(Path.GetTempPath(), "fp-wrong-model-" + Guid.NewGuid().ToString("N"));
        try
        {
            // A real ONNX model (batch fixed at 1) that returns 128 values per face, configured as 512-d.
            var path = TinyEmbeddingModel.Write(folder, "wrong-size", TinyEmbeddingModel.BatchKind.FixedOne, embeddingSize: 128);
            var options = new FaceEngineOptions
            {
                Models = FaceApiPackage.Options,
                EmbeddingModels = [new EmbeddingModelOptions { Name = "wrong-size", Path = path, InputSize = 112, Layout = TensorLayout.Nchw, EmbeddingSize = 512, Metric = DistanceMetric.Cosine }],
            };
            using var host = new FaceEngineHost(Microsoft.Extensions.Options.Options.Create(options), NullLoggerFactory.Instance);
            await host.StartAsync(CancellationToken.None);
            await Assert.ThrowsAnyAsync<Exception>(() => host.GetAsync(CancellationToken.None));

            var cut = ctx.Render<EngineStatus>(p => p.Add(c => c.Host, host));

            Assert.Equal(EngineState.Failed, host.State);
            var alert = cut.Find("[data-testid=engine-failed]").TextContent;
            Assert.Contains("FacePortal:Engine:EmbeddingModels:0:EmbeddingSize is 512", alert);
            Assert.Contains("returns 128 values per face", alert);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Render_WhileStarting_ShowsProgress()
    {
        await using var ctx = Context();
        using var host = new FaceEngineHost(Microsoft.Extensions.Options.Options.Create(new FaceEngineOptions()), NullLoggerFactory.Instance);

        var cut = ctx.Render<EngineStatus>(p => p.Add(c => c.Host, host));

        Assert.Equal(EngineState.Starting, host.State);
        Assert.NotNull(cut.Find("[data-testid=engine-starting]"));
    }
}

using Bunit;
using FacePortal.Engine;
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
